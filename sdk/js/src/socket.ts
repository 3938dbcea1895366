/**
 * Opening a WebSocket: the `ws` package on Node (it can send the credential in a header, so it stays out of
 * URLs and logs), the native WebSocket in browsers (which cannot set headers: the credential goes in `?token=`,
 * which the server accepts on this route and strips from its logs).
 */

import type NodeWebSocket from 'ws';

import { errorFromResponse, type APIError } from './errors.js';

/** The part of the WebSocket interface the subscription uses; both `ws` and the browser's provide it. */
export interface SocketLike {
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code: number; reason: string }) => void) | null;
  onerror: ((event: unknown) => void) | null;
  close(code?: number, reason?: string): void;
}

/** A WebSocket constructor as the browser's (url, protocols?). */
export type WebSocketConstructor = new (url: string) => SocketLike;

const isNode = typeof process !== 'undefined' && typeof process.versions?.node === 'string';

type NodeWs = typeof NodeWebSocket;
let nodeWs: Promise<NodeWs> | undefined;

function loadWs(): Promise<NodeWs> {
  // `ws` is CommonJS: its class is the module's default export (ESM) or the module itself (CommonJS build).
  nodeWs ??= import('ws').then((module) => (module as unknown as { default?: NodeWs }).default ?? (module as unknown as NodeWs));
  return nodeWs;
}

/** Opens `url`; `onRefused` gets the typed error when the server refuses the handshake with an HTTP error
 * (Node only: browsers do not show it), before the socket's close event. */
export async function openSocket(
  url: URL,
  credential: string,
  custom: WebSocketConstructor | undefined,
  onRefused: (error: APIError) => void,
): Promise<SocketLike> {
  const Native = (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
  if (custom !== undefined || !isNode) {
    const Constructor = custom ?? Native;
    if (Constructor === undefined) throw new Error('No WebSocket here: pass one as the WebSocket option.');
    url.searchParams.set('token', credential);
    return new Constructor(url.toString());
  }
  const WebSocket = await loadWs();
  const socket = new WebSocket(url.toString(), { headers: { Authorization: `Bearer ${credential}` } });
  socket.on('unexpected-response', (_request, response) => {
    const chunks: Buffer[] = [];
    response.on('data', (chunk: Buffer) => chunks.push(chunk));
    response.on('end', () => {
      let body: unknown = null;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        body = null;
      }
      const header = response.headers['retry-after'];
      onRefused(errorFromResponse(response.statusCode ?? 0, body, typeof header === 'string' ? header : null));
      socket.terminate();
    });
  });
  return socket as unknown as SocketLike;
}
