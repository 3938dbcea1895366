/**
 * `builds.subscribe(sessionId)`: a build's live events over the WebSocket, as an emitter.
 *
 * The server sends `connected`, the build's events so far, then live ones, and closes after the final one. A
 * connection that drops is opened again with `?last_seq=` (the seq of the last event received), so the server
 * sends only what came after; an event whose seq was already seen is dropped, so handlers see every event once,
 * in order. `end` comes last, once.
 */

import { APIConnectionError, NexusForgeError } from './errors.js';
import type { HttpClient } from './http.js';
import { openSocket, type SocketLike, type WebSocketConstructor } from './socket.js';
import {
  withCamelCase,
  type BuildCompletedEvent,
  type BuildEventWire,
  type ConnectedEvent,
  type ErrorEvent,
  type PhaseCompletedEvent,
  type ProgressUpdateEvent,
  type SpecReadyEvent,
  type WithCamelCase,
} from './wire.js';

export type EndReason =
  /** The build completed, failed or was cancelled, and every event was delivered. */
  | 'finished'
  /** `close()` was called. */
  | 'closed'
  /** The server refused the subscription (unknown build, bad credentials, ...); the error says why. */
  | 'refused'
  /** The connection kept dropping; `maxReconnects` attempts in a row got no event through. */
  | 'connection_lost';

export interface EndInfo {
  reason: EndReason;
  /** The seq of the last event delivered (0 if none). */
  lastSeq: number;
  error?: NexusForgeError;
}

export interface ReconnectInfo {
  attempt: number;
  delayMs: number;
  lastSeq: number;
  code: number;
}

/** What each event name hands its handlers. `error` gets the build's `error` message, or an SDK error
 * (`NexusForgeError`, with `errorCode`) when the subscription itself failed. */
export interface SubscriptionEvents {
  connected: WithCamelCase<ConnectedEvent>;
  progress_update: WithCamelCase<ProgressUpdateEvent>;
  phase_completed: WithCamelCase<PhaseCompletedEvent>;
  /** Beyond the contract: the plan waits for review (builds started with `reviewSpec`). */
  spec_ready: WithCamelCase<SpecReadyEvent>;
  build_completed: WithCamelCase<BuildCompletedEvent>;
  error: WithCamelCase<ErrorEvent> | NexusForgeError;
  /** Every message from the server, whatever its type (including types this SDK does not know yet). */
  message: WithCamelCase<BuildEventWire>;
  reconnecting: ReconnectInfo;
  end: EndInfo;
}

export type EventName = keyof SubscriptionEvents;
type Handler<E extends EventName> = (data: SubscriptionEvents[E]) => void;

export interface SubscribeOptions {
  /** Start after this seq (the events up to it were already seen). */
  lastSeq?: number;
  /** Reconnection attempts in a row without receiving an event before giving up (default 5). */
  maxReconnects?: number;
}

const CLOSE_NORMAL = 1000;

function isFinal(event: BuildEventWire): boolean {
  if (event.type === 'build_completed') return true;
  if (event.type === 'error') return event.seq !== undefined; // a refusal has no seq; the close code ends it
  return event.type === 'progress_update' && event.phase === 'cancelled';
}

function backoffMs(attempt: number): number {
  return Math.min(250 * 2 ** (attempt - 1), 5000);
}

export class BuildSubscription {
  readonly sessionId: string;
  /** Resolves with the same value as the `end` event. */
  readonly ended: Promise<EndInfo>;
  private lastSeqSeen: number;
  private readonly handlers = new Map<EventName, Set<(data: never) => void>>();
  private socket: SocketLike | undefined;
  private attempts = 0;
  private finished = false;
  private closedByUser = false;
  private refusal: NexusForgeError | undefined;
  private refusedWith: NexusForgeError | undefined;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private endInfo: EndInfo | undefined;
  private resolveEnded!: (info: EndInfo) => void;

  constructor(
    private readonly http: HttpClient,
    sessionId: string,
    private readonly WebSocketImpl: WebSocketConstructor | undefined,
    private readonly options: SubscribeOptions = {},
  ) {
    this.sessionId = sessionId;
    this.lastSeqSeen = options.lastSeq ?? 0;
    this.ended = new Promise((resolve) => (this.resolveEnded = resolve));
    // Connect on the next turn, so handlers attached right after subscribe() see `connected`.
    queueMicrotask(() => void this.connect());
  }

  /** The seq of the last event delivered: pass it as `lastSeq` to a later subscription to resume there. */
  get lastSeq(): number {
    return this.lastSeqSeen;
  }

  on<E extends EventName>(event: E, handler: Handler<E>): this {
    let set = this.handlers.get(event);
    if (set === undefined) this.handlers.set(event, (set = new Set()));
    set.add(handler as (data: never) => void);
    return this;
  }

  once<E extends EventName>(event: E, handler: Handler<E>): this {
    const wrapper: Handler<E> = (data) => {
      this.off(event, wrapper);
      handler(data);
    };
    return this.on(event, wrapper);
  }

  off<E extends EventName>(event: E, handler: Handler<E>): this {
    this.handlers.get(event)?.delete(handler as (data: never) => void);
    return this;
  }

  /** Stop listening: the socket closes, no reconnection follows, and `end` comes with reason `closed`. */
  close(): void {
    if (this.endInfo !== undefined) return;
    this.closedByUser = true;
    clearTimeout(this.retryTimer);
    if (this.socket === undefined) this.end({ reason: 'closed', lastSeq: this.lastSeqSeen });
    else this.socket.close(CLOSE_NORMAL);
  }

  private emit<E extends EventName>(event: E, data: SubscriptionEvents[E]): void {
    for (const handler of [...(this.handlers.get(event) ?? [])]) {
      try {
        (handler as Handler<E>)(data);
      } catch (error) {
        // A throwing handler must not stop the stream; its error still surfaces as uncaught, where it belongs.
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  }

  private end(info: EndInfo): void {
    if (this.endInfo !== undefined) return;
    this.endInfo = info;
    this.emit('end', info);
    this.resolveEnded(info);
  }

  private async connect(): Promise<void> {
    if (this.closedByUser) return this.end({ reason: 'closed', lastSeq: this.lastSeqSeen });
    const url = new URL(this.http.url(`/ws/nexus-forge/${encodeURIComponent(this.sessionId)}`));
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    if (this.lastSeqSeen > 0) url.searchParams.set('last_seq', String(this.lastSeqSeen));
    let socket: SocketLike;
    try {
      socket = await openSocket(url, this.http.credential, this.WebSocketImpl, (error) => (this.refusal = error));
    } catch (error) {
      const failure = new APIConnectionError(`Could not open a WebSocket: ${String(error)}`, { cause: error });
      this.emit('error', failure);
      return this.end({ reason: 'refused', lastSeq: this.lastSeqSeen, error: failure });
    }
    socket.onerror = () => undefined; // the close event that follows decides what happens
    if (this.endInfo !== undefined) {
      socket.close(CLOSE_NORMAL); // close() was called while the socket was being opened
      return;
    }
    this.socket = socket;
    socket.onmessage = (event) => this.receive(event.data);
    socket.onclose = (event) => this.closed(event.code, event.reason);
  }

  private receive(data: unknown): void {
    let event: BuildEventWire;
    try {
      event = JSON.parse(typeof data === 'string' ? data : String(data)) as BuildEventWire;
    } catch {
      return; // not a message of the API; nothing to deliver
    }
    if (typeof event.seq === 'number') {
      if (event.seq <= this.lastSeqSeen) return; // already delivered before a reconnection
      this.lastSeqSeen = event.seq;
      this.attempts = 0;
    }
    if (isFinal(event)) this.finished = true;
    else if (event.type === 'error') this.refusedWith = new NexusForgeError(event.message, event.error_code);
    const message = withCamelCase(event);
    this.emit('message', message);
    this.emit(event.type as EventName, message as never);
  }

  private closed(code: number, reason: string): void {
    this.socket = undefined;
    const lastSeq = this.lastSeqSeen;
    if (this.refusal !== undefined) {
      this.emit('error', this.refusal);
      return this.end({ reason: 'refused', lastSeq, error: this.refusal });
    }
    if (this.finished) return this.end({ reason: 'finished', lastSeq });
    if (this.closedByUser) return this.end({ reason: 'closed', lastSeq });
    if (code >= 4000 && code < 5000) {
      // The server refused this subscription and said why in an `error` message, already delivered.
      const error =
        this.refusedWith ?? new NexusForgeError(`The server closed the subscription: ${reason}`, `CLOSE_${code}`);
      return this.end({ reason: 'refused', lastSeq, error });
    }
    this.attempts += 1;
    const limit = this.options.maxReconnects ?? 5;
    if (this.attempts > limit) {
      const error = new APIConnectionError(
        `Lost the connection to build ${this.sessionId} (close code ${code}); ${limit} reconnections failed`,
      );
      this.emit('error', error);
      return this.end({ reason: 'connection_lost', lastSeq, error });
    }
    const delayMs = backoffMs(this.attempts);
    this.emit('reconnecting', { attempt: this.attempts, delayMs, lastSeq, code });
    this.retryTimer = setTimeout(() => void this.connect(), delayMs);
  }
}
