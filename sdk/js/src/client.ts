/** `new NexusForge({ apiKey, baseUrl })`: the client, with `builds`, `templates`, `keys` and `config`. */

import { HttpClient } from './http.js';
import { Builds, Config, Keys, Templates } from './resources.js';
import type { WebSocketConstructor } from './socket.js';

export const VERSION = '0.1.0';
/** Where `nexusforge serve` listens by default. */
export const DEFAULT_BASE_URL = 'http://127.0.0.1:8000';

export interface ClientOptions {
  /** An API key (`pk_live_...`); on Node, `NEXUSFORGE_API_KEY` if neither this nor `token` is given. */
  apiKey?: string;
  /** An access token from `POST /auth/login`, instead of an API key (needed for `keys`). */
  token?: string;
  /** The server; on Node, `NEXUSFORGE_BASE_URL` if not given; otherwise http://127.0.0.1:8000. */
  baseUrl?: string;
  /** How long one HTTP call may take, in milliseconds (default 30000). */
  timeoutMs?: number;
  /** Another fetch (default: the global one). */
  fetch?: typeof fetch;
  /** Another WebSocket constructor (default: `ws` on Node, the browser's own elsewhere). */
  WebSocket?: WebSocketConstructor;
}

function environment(name: string): string | undefined {
  return typeof process !== 'undefined' ? process.env?.[name] || undefined : undefined;
}

export class NexusForge {
  readonly builds: Builds;
  readonly templates: Templates;
  readonly keys: Keys;
  readonly config: Config;
  readonly baseUrl: string;

  constructor(options: ClientOptions = {}) {
    if (options.apiKey !== undefined && options.token !== undefined) {
      throw new TypeError('Pass apiKey or token, not both.');
    }
    const credential = options.apiKey ?? options.token ?? environment('NEXUSFORGE_API_KEY');
    if (!credential) {
      throw new TypeError('Pass apiKey (pk_live_...) or token (an access token), or set NEXUSFORGE_API_KEY.');
    }
    this.baseUrl = (options.baseUrl ?? environment('NEXUSFORGE_BASE_URL') ?? DEFAULT_BASE_URL).replace(/\/+$/, '');
    const fetchImpl = options.fetch ?? globalThis.fetch;
    if (typeof fetchImpl !== 'function') throw new TypeError('No global fetch here (Node >= 20 has one): pass fetch.');
    const http = new HttpClient(this.baseUrl, credential, options.timeoutMs ?? 30_000, fetchImpl.bind(globalThis));
    this.builds = new Builds(http, options.WebSocket);
    this.templates = new Templates(http);
    this.keys = new Keys(http);
    this.config = new Config(http);
  }

  /** The credential stays out of logs and `console.log(client)`. */
  toJSON(): { baseUrl: string } {
    return { baseUrl: this.baseUrl };
  }
}
