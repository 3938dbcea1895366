/** The SDK's errors: every one has `errorCode` (the API contract's code) and a readable `message`. */

export type ErrorBody = {
  detail?: unknown;
  error_code?: string;
  details?: unknown;
  retry_after?: number;
  [key: string]: unknown;
};

export class NexusForgeError extends Error {
  readonly errorCode: string;

  constructor(message: string, errorCode: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.errorCode = errorCode;
  }
}

/** The API answered with an error status. `body` is the answer as sent (`detail`, `error_code`, ...). */
export class APIError extends NexusForgeError {
  readonly status: number;
  readonly detail: string;
  readonly details: unknown;
  readonly body: ErrorBody;
  /** Seconds to wait before trying again (429 only; from `retry_after` or the `Retry-After` header). */
  readonly retryAfter: number | undefined;

  constructor(status: number, body: ErrorBody, retryAfter?: number) {
    const detail = typeof body.detail === 'string' ? body.detail : `HTTP ${status}`;
    const code = body.error_code ?? (status >= 500 ? 'INTERNAL_ERROR' : 'HTTP_ERROR');
    super(`${status} ${code}: ${detail}`, code);
    this.status = status;
    this.detail = detail;
    this.details = body.details;
    this.body = body;
    this.retryAfter = retryAfter;
  }
}

/** 400: the request was malformed (`INVALID_INPUT`). */
export class InvalidRequestError extends APIError {}
/** 401: missing, invalid, expired or revoked credentials (`UNAUTHORIZED`). */
export class AuthenticationError extends APIError {}
/** 402: the account cannot pay for the build (`INSUFFICIENT_CREDITS`); nothing was started. */
export class InsufficientCreditsError extends APIError {}
/** 403: the key lacks the permission, or the call needs another kind of credential (`FORBIDDEN`). */
export class PermissionDeniedError extends APIError {}
/** 404: no such build (or not yours), key, template or route (`SESSION_NOT_FOUND`, ...). */
export class NotFoundError extends APIError {}
/** 409: the build is not in a state that allows this (`INVALID_STATE`). */
export class ConflictError extends APIError {}
/** 413: the request body is too large. */
export class PayloadTooLargeError extends APIError {}
/** 429: too many requests (`RATE_LIMIT_EXCEEDED`); `retryAfter` says how many seconds to wait. */
export class RateLimitError extends APIError {}
/** 5xx: the server failed; `errorCode` says how (`MODEL_UNAVAILABLE`, `DEPLOYMENT_FAILED`, ...). */
export class ServerError extends APIError {}

/** The server could not be reached, or a live connection was lost and could not be resumed. */
export class APIConnectionError extends NexusForgeError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, 'CONNECTION_ERROR', options);
  }
}

/** The server did not answer within the client's `timeoutMs`. */
export class APITimeoutError extends NexusForgeError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, 'TIMEOUT', options);
  }
}

const BY_STATUS: Record<number, typeof APIError> = {
  400: InvalidRequestError,
  401: AuthenticationError,
  402: InsufficientCreditsError,
  403: PermissionDeniedError,
  404: NotFoundError,
  409: ConflictError,
  413: PayloadTooLargeError,
  422: InvalidRequestError,
  429: RateLimitError,
};

function retrySeconds(body: ErrorBody, header: string | null): number | undefined {
  const value = body.retry_after ?? (header === null ? undefined : Number(header));
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** The typed error for an error answer; `retryAfterHeader` is the `Retry-After` header, if any. */
export function errorFromResponse(status: number, body: unknown, retryAfterHeader: string | null): APIError {
  const data: ErrorBody = body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as ErrorBody) : {};
  const Class = BY_STATUS[status] ?? (status >= 500 ? ServerError : APIError);
  return new Class(status, data, retrySeconds(data, retryAfterHeader));
}
