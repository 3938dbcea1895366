/** One HTTP call: credentials, JSON body, a timeout, and error answers turned into typed errors. */

import { APIConnectionError, APITimeoutError, errorFromResponse } from './errors.js';

export type Query = Record<string, string | number | boolean | undefined | null>;

export interface RequestOptions {
  body?: unknown;
  query?: Query;
}

export class HttpClient {
  // A true private field: console.log and util.inspect of a client never show the key.
  readonly #credential: string;

  constructor(
    readonly baseUrl: string,
    credential: string,
    readonly timeoutMs: number,
    private readonly fetchImpl: typeof fetch,
  ) {
    this.#credential = credential;
  }

  get credential(): string {
    return this.#credential;
  }

  url(path: string, query?: Query): string {
    const url = new URL(path, this.baseUrl + '/');
    for (const [name, value] of Object.entries(query ?? {})) {
      if (value !== undefined && value !== null) url.searchParams.set(name, String(value));
    }
    return url.toString();
  }

  async request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const headers: Record<string, string> = { Authorization: `Bearer ${this.credential}`, Accept: 'application/json' };
    if (options.body !== undefined) headers['Content-Type'] = 'application/json';
    const where = `${method} ${path}`;
    let response: Response;
    try {
      response = await this.fetchImpl(this.url(path, options.query), {
        method,
        headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      throw transportError(error, where, this.baseUrl, this.timeoutMs);
    }
    let text: string;
    try {
      text = await response.text();
    } catch (error) {
      throw transportError(error, where, this.baseUrl, this.timeoutMs);
    }
    const body = parseJson(text);
    if (!response.ok) throw errorFromResponse(response.status, body, response.headers.get('retry-after'));
    return body as T;
  }
}

function parseJson(text: string): unknown {
  if (text === '') return null;
  try {
    return JSON.parse(text);
  } catch {
    return { detail: text.slice(0, 500) };
  }
}

function transportError(error: unknown, where: string, baseUrl: string, timeoutMs: number): Error {
  const name = error instanceof Error ? error.name : '';
  if (name === 'TimeoutError' || name === 'AbortError') {
    return new APITimeoutError(`${where}: no answer from ${baseUrl} within ${timeoutMs} ms`, { cause: error });
  }
  const reason = error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : error;
  return new APIConnectionError(`${where}: could not reach ${baseUrl} (${String(reason)})`, { cause: error });
}
