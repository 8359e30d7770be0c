// Errors of the PowerMTA protocol layer. Each carries a machine-readable `kind` that the
// poller maps to node health (a refused port and a 403 call for different operator action)
// and a message a person can act on.
//
// Pure module (no `server-only`): the parse worker and the browser-safe command builder
// throw these too, and nothing here touches the network or secrets.

export type PmtaErrorKind =
  | 'timeout' // no complete answer within timeoutMs
  | 'refused' // ECONNREFUSED: host up, nothing listening
  | 'unreachable' // DNS failure, EHOSTUNREACH, ENETUNREACH, reset mid-flight…
  | 'tls' // certificate or handshake problem
  | 'forbidden' // HTTP 403: IP not in http-access, or API key wrong
  | 'http' // any other non-2xx without a PowerMTA error envelope (proxy, redirect, 5xx)
  | 'too-large' // body exceeded maxBytes
  | 'malformed' // body is not valid XML/JSON or does not have the expected shape
  | 'upstream' // PowerMTA answered with its own error envelope
  | 'aborted' // the caller's AbortSignal fired (not the node's fault)
  | 'unsupported' // the node cannot do this (e.g. commands on PowerMTA 4.x)
  | 'rejected'; // refused locally before anything was sent (unsafe command, bad file name)

/**
 * The `kind` of a PmtaError (or `error` for anything else), read from the property rather than
 * by `instanceof`, which fails across separately bundled chunks and worker boundaries.
 */
export function errorKind(e: unknown): string {
  return typeof e === 'object' && e !== null && 'kind' in e && typeof e.kind === 'string' ? e.kind : 'error';
}

export class PmtaError extends Error {
  readonly kind: PmtaErrorKind;
  constructor(kind: PmtaErrorKind, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.kind = kind;
    this.name = 'PmtaError';
  }
}

export class PmtaTimeoutError extends PmtaError {
  constructor(ms: number, what: string) {
    super('timeout', `${what}: no answer within ${ms} ms`);
    this.name = 'PmtaTimeoutError';
  }
}

export class PmtaAbortedError extends PmtaError {
  constructor(what: string) {
    super('aborted', `${what}: request aborted`);
    this.name = 'PmtaAbortedError';
  }
}

/** Connection-level failure: refused, unreachable or TLS, with the OS/OpenSSL code kept. */
export class PmtaNetworkError extends PmtaError {
  readonly code: string | undefined;
  constructor(kind: 'refused' | 'unreachable' | 'tls', message: string, code: string | undefined, cause?: unknown) {
    super(kind, message, { cause });
    this.code = code;
    this.name = 'PmtaNetworkError';
  }
}

export class PmtaHttpError extends PmtaError {
  readonly status: number;
  /** First few hundred characters of the body, for the operator. */
  readonly body: string;
  constructor(status: number, message: string, body: string) {
    super(status === 403 ? 'forbidden' : 'http', message);
    this.status = status;
    this.body = body;
    this.name = 'PmtaHttpError';
  }
}

export class PmtaTooLargeError extends PmtaError {
  constructor(maxBytes: number, what: string) {
    super('too-large', `${what}: reply larger than ${maxBytes} bytes, aborted`);
    this.name = 'PmtaTooLargeError';
  }
}

/** The body could not be understood. `path` names the offending element when known. */
export class PmtaParseError extends PmtaError {
  readonly path: string | undefined;
  constructor(message: string, path?: string) {
    super('malformed', path ? `${path}: ${message}` : message);
    this.path = path;
    this.name = 'PmtaParseError';
  }
}

/** PowerMTA's own error envelope (`<rsp><err>` or `"status":"error"`); `upstreamText` verbatim. */
export class PmtaUpstreamError extends PmtaError {
  readonly upstreamText: string;
  readonly httpStatus: number | undefined;
  constructor(upstreamText: string, httpStatus?: number) {
    const text = upstreamText.trim() || 'PowerMTA reported an error without text';
    super('upstream', httpStatus ? `PowerMTA error (HTTP ${httpStatus}): ${text}` : `PowerMTA error: ${text}`);
    this.upstreamText = upstreamText;
    this.httpStatus = httpStatus;
    this.name = 'PmtaUpstreamError';
  }
}

export class PmtaUnsupportedError extends PmtaError {
  constructor(message: string) {
    super('unsupported', message);
    this.name = 'PmtaUnsupportedError';
  }
}

/** Refused locally: nothing was sent to PowerMTA. `reason` is shown to the operator. */
export class RequestRejectedError extends PmtaError {
  readonly reason: string;
  constructor(reason: string, what = 'request') {
    super('rejected', `${what} refused: ${reason}`);
    this.reason = reason;
    this.name = 'RequestRejectedError';
  }
}

export class CommandRejectedError extends RequestRejectedError {
  constructor(reason: string) {
    super(reason, 'command');
    this.name = 'CommandRejectedError';
  }
}
