import 'server-only';
// One HTTP(S) exchange with a PowerMTA node on node:http / node:https. Not global fetch:
// Node 20's fetch cannot take a CA or `rejectUnauthorized` without the undici package, and
// PowerMTA 5.0 serves a self-signed certificate by default (powermta-api.md §1).
// Guarantees: the promise settles exactly once; the timeout covers connect + headers + body;
// the body is counted while streaming and the request is torn down past maxBytes.
import http from 'node:http';
import https from 'node:https';
import type { Readable } from 'node:stream';
import zlib from 'node:zlib';
import { PmtaAbortedError, PmtaError, PmtaNetworkError, PmtaParseError, PmtaTimeoutError, PmtaTooLargeError } from './errors';

export interface HttpExchange {
  method: 'GET' | 'POST';
  url: URL;
  headers: Record<string, string>;
  body?: Buffer;
  agent: http.Agent;
  timeoutMs: number;
  maxBytes: number;
  signal?: AbortSignal;
  /**
   * Streams a reply's body instead of buffering it: called once the headers are in, with the
   * declared length when the body is not compressed; a function returned takes every chunk as
   * it arrives (counted against maxBytes as usual) and the reply's `body` stays empty; null
   * buffers the body as usual (e.g. an error status, whose text makes the error message).
   */
  sink?: (status: number, declaredBytes: number | null) => BodySink | null;
}

/** Where a streamed body goes (HttpExchange.sink). */
export interface BodySink {
  take(chunk: Buffer): void;
  /**
   * The body is held back (the socket paused, so the node waits) until this resolves; the
   * timeout restarts then: it covers the node's time, not the wait for the caller's turn.
   */
  ready?: Promise<void>;
}

export interface HttpReply {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** Decoded (gunzipped) body. */
  body: Buffer;
  ms: number;
}

const TLS_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED',
  'CERT_REVOKED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'EPROTO', // e.g. "wrong version number": https:// pointed at a plain-HTTP port
]);

const UNREACHABLE_HINT: Record<string, string> = {
  ENOTFOUND: 'host name not found (DNS)',
  EAI_AGAIN: 'DNS lookup failed temporarily',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  EHOSTDOWN: 'host down',
  ECONNRESET: 'connection reset',
  EPIPE: 'connection closed while sending',
};

/** Maps a socket/TLS/DNS error to the error kinds the poller uses for node health. */
export function classifyNetworkError(e: unknown, what: string): PmtaError {
  if (e instanceof PmtaError) return e;
  const err = e as NodeJS.ErrnoException & { library?: string; reason?: string };
  const code = typeof err?.code === 'string' ? err.code : undefined;
  const detail = err instanceof Error ? err.message : String(e);
  if (code === 'ECONNREFUSED') {
    return new PmtaNetworkError('refused', `${what}: connection refused; is pmtahttp running on that port (http-mgmt-port)?`, code, e);
  }
  if (code === 'ETIMEDOUT') return new PmtaError('timeout', `${what}: connect timed out (${detail})`, { cause: e });
  if (code && (TLS_CODES.has(code) || code.startsWith('ERR_SSL_') || code.startsWith('ERR_TLS_') || /CERT/.test(code))) {
    return new PmtaNetworkError('tls', `${what}: TLS failed (${code}: ${detail}); trust the node's certificate with tls.ca or set tls.insecure`, code, e);
  }
  if (err?.library === 'SSL routines') return new PmtaNetworkError('tls', `${what}: TLS failed (${detail})`, code, e);
  if (code?.startsWith('HPE_')) return new PmtaParseError(`${what}: not a valid HTTP reply (${detail}); wrong port or http/https?`);
  const hint = code ? UNREACHABLE_HINT[code] : undefined;
  return new PmtaNetworkError('unreachable', `${what}: ${hint ?? 'network error'} (${code ?? detail})`, code, e);
}

function decoder(res: http.IncomingMessage, what: string): Readable {
  const enc = String(res.headers['content-encoding'] ?? 'identity')
    .toLowerCase()
    .trim();
  if (enc === 'gzip' || enc === 'x-gzip') return res.pipe(zlib.createGunzip());
  if (enc === 'deflate') return res.pipe(zlib.createInflate());
  if (enc === 'identity' || enc === '') return res;
  throw new PmtaParseError(`${what}: unsupported Content-Encoding "${enc}"`);
}

export function httpExchange(x: HttpExchange): Promise<HttpReply> {
  const what = `${x.method} ${x.url.origin}${x.url.pathname}`;
  const mod = x.url.protocol === 'https:' ? https : http;
  const started = performance.now();
  return new Promise<HttpReply>((resolve, reject) => {
    if (x.signal?.aborted) return reject(new PmtaAbortedError(what));
    let settled = false;
    // Callbacks below only run after this executor returns, when req, timer and onAbort exist.
    const req = mod.request(x.url, { method: x.method, headers: x.headers, agent: x.agent }, (res) => {
      const status = res.statusCode ?? 0;
      const declared = Number(res.headers['content-length']);
      if (Number.isFinite(declared) && declared > x.maxBytes) return done(new PmtaTooLargeError(x.maxBytes, what));
      let stream: Readable;
      try {
        stream = decoder(res, what);
      } catch (e) {
        return done(e);
      }
      const chunks: Buffer[] = [];
      let total = 0;
      let sink: BodySink | null;
      try {
        sink = x.sink?.(status, stream === res && Number.isFinite(declared) ? declared : null) ?? null;
      } catch (e) {
        return done(e);
      }
      if (sink) {
        const take = (chunk: Buffer) => sink!.take(chunk);
        if (sink.ready) {
          stream.pause();
          clearTimeout(timer);
          sink.ready.then(
            () => {
              if (settled) return;
              timer = setTimeout(() => done(new PmtaTimeoutError(x.timeoutMs, what)), x.timeoutMs);
              stream.resume();
            },
            (e: unknown) => done(e),
          );
        }
        stream.on('data', (chunk: Buffer) => {
          total += chunk.length;
          if (total > x.maxBytes) return done(new PmtaTooLargeError(x.maxBytes, what));
          if (settled) return;
          try {
            take(chunk);
          } catch (e) {
            done(e);
          }
        });
      }
      // With a declared length and no compression, copy each chunk into one buffer as it
      // arrives: concatenating 27 MB at the end is one long stall of the event loop, these
      // small copies are not. (It also owns its whole ArrayBuffer, so it can be moved to the
      // parse worker without another copy.) A reply longer than declared falls back to chunks.
      let into = !sink && stream === res && Number.isFinite(declared) && declared > 0 ? Buffer.allocUnsafeSlow(declared) : null;
      if (!sink)
        stream.on('data', (chunk: Buffer) => {
          const from = total;
          total += chunk.length;
          // Counted after decompression, so a small gzip bomb cannot get past the limit.
          if (total > x.maxBytes) return done(new PmtaTooLargeError(x.maxBytes, what));
          if (into && total <= into.length) {
            chunk.copy(into, from);
            return;
          }
          if (into) {
            chunks.push(into.subarray(0, from));
            into = null;
          }
          chunks.push(chunk);
        });
      const body = () => (sink ? Buffer.alloc(0) : into ? (total === into.length ? into : into.subarray(0, total)) : Buffer.concat(chunks, total));
      stream.on('end', () => done(null, { status, headers: res.headers, body: body(), ms: performance.now() - started }));
      stream.on('error', (e: NodeJS.ErrnoException) =>
        done(e.code?.startsWith('Z_') ? new PmtaParseError(`${what}: corrupt compressed body (${e.message})`) : classifyNetworkError(e, what)),
      );
      res.on('aborted', () => done(classifyNetworkError(Object.assign(new Error('reply cut off'), { code: 'ECONNRESET' }), what)));
    });
    let timer = setTimeout(() => done(new PmtaTimeoutError(x.timeoutMs, what)), x.timeoutMs);
    const onAbort = () => done(new PmtaAbortedError(what));
    x.signal?.addEventListener('abort', onAbort, { once: true });
    req.on('error', (e) => done(classifyNetworkError(e, what)));
    req.end(x.body);

    function done(err: unknown, reply?: HttpReply): void {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      x.signal?.removeEventListener('abort', onAbort);
      if (err) {
        req.destroy(); // after `settled`, so the socket error this causes is ignored
        reject(err);
      } else {
        resolve(reply!);
      }
    }
  });
}
