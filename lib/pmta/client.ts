import 'server-only';
// The PowerMTA HTTP client: one per node. Holds the API key and TLS trust, so it lives on
// the server only. `fetchBytes` returns the reply unparsed so the poller can parse
// in a worker (parse-body.ts); the typed methods parse on the calling thread and suit
// small replies (detail pages, commands).
import http from 'node:http';
import https from 'node:https';
import { pmtaClientOptionsSchema, type PmtaClientOptions } from './client-options';
import type { FileChunk, PmtaClient, QueryParams, RawReply } from './client-types';
import { assertSafeCommand, type SafeCommand } from './commands';
import { PmtaParseError, PmtaUnsupportedError, RequestRejectedError } from './errors';
import { httpExchange, type BodySink, type HttpExchange, type HttpReply } from './http-request';
import { buildMultipart } from './multipart';
import { listParams } from './list-params';
import { parseBody, type PmtaModelByKind } from './parse-body';
import { errorForStatus, firstChar } from './reply-errors';
import type { CommandReply, PmtaFormat } from './types';

export type { PmtaClientOptions } from './client-options';

export type { FileChunk, PmtaClient, QueryParams, RawReply } from './client-types';

export { ALL_ITEMS } from './list-params';
/** An XML verdict in auto mode is re-checked this often (the node may be upgraded to 5.0). */
const REPROBE_XML_MS = 10 * 60_000;
const FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,254}$/;

function decodeText(reply: HttpReply): string {
  const latin1 = /charset\s*=\s*"?(iso-8859-1|latin1|us-ascii)/i.test(String(reply.headers['content-type'] ?? ''));
  return reply.body.toString(latin1 ? 'latin1' : 'utf8');
}

export function createPmtaClient(options: PmtaClientOptions): PmtaClient {
  const o = pmtaClientOptionsSchema.parse(options);
  const base = new URL(o.url);
  const isHttps = base.protocol === 'https:';
  // Keep-alive: a node is polled every few seconds, and a TLS handshake per poll is waste.
  const agent = isHttps
    ? new https.Agent({ keepAlive: true, rejectUnauthorized: !o.tls?.insecure, ...(o.tls?.ca ? { ca: o.tls.ca } : {}) })
    : new http.Agent({ keepAlive: true });

  let detected: PmtaFormat | null = o.format === 'auto' ? null : o.format;
  let detectedAt = 0;
  let probing: Promise<PmtaFormat> | null = null;

  function urlFor(path: string, params: QueryParams): URL {
    const u = new URL(base.href);
    u.pathname = `${base.pathname.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
    u.search = '';
    for (const [k, v] of Object.entries(params)) if (v !== undefined) u.searchParams.set(k, String(v));
    return u;
  }

  function send(
    method: 'GET' | 'POST',
    path: string,
    params: QueryParams,
    signal?: AbortSignal,
    extra: Record<string, string> = {},
    body?: Buffer,
    sink?: HttpExchange['sink'],
  ) {
    const headers: Record<string, string> = { Accept: '*/*', 'Accept-Encoding': 'gzip', ...extra };
    if (o.apiKey) headers['X-API-Key'] = o.apiKey;
    if (body) headers['Content-Length'] = String(body.length);
    return httpExchange({ method, url: urlFor(path, params), headers, body, agent, timeoutMs: o.timeoutMs, maxBytes: o.maxBytes, signal, sink });
  }

  const what = (path: string) => `${base.origin}${path}`;

  /**
   * `auto`: ask /status for JSON (cheap, unlike a 100k-queue list). A JSON envelope → 5.0;
   * anything else (4.5 serves its HTML page for an unknown format) → XML. Shared by
   * concurrent callers; errors (node down, 403) are not cached.
   */
  async function formatFor(signal?: AbortSignal): Promise<PmtaFormat> {
    if (o.format !== 'auto') return o.format;
    if (detected === 'json' || (detected === 'xml' && Date.now() - detectedAt < REPROBE_XML_MS)) return detected;
    probing ??= (async () => {
      try {
        const reply = await send('GET', '/status', { format: 'json' }, signal);
        if (reply.status === 403 || (reply.status >= 300 && reply.status < 400)) throw errorForStatus(reply, decodeText(reply), what('/status'));
        if (reply.status >= 500) throw errorForStatus(reply, decodeText(reply), what('/status'));
        detected = firstChar(reply.body) === '{' ? 'json' : 'xml';
        detectedAt = Date.now();
        return detected;
      } finally {
        probing = null;
      }
    })();
    return probing;
  }

  async function fetchBytes(path: string, params: QueryParams = {}, signal?: AbortSignal): Promise<RawReply<Buffer>> {
    const started = performance.now();
    const format = await formatFor(signal);
    const reply = await send('GET', path, { ...params, format }, signal);
    if (reply.status < 200 || reply.status >= 300) throw errorForStatus(reply, decodeText(reply), what(path));
    const first = firstChar(reply.body);
    if (format === 'json' && first !== '{') {
      if (o.format === 'auto') detected = null; // re-detect on the next request
      throw new PmtaParseError(`${what(path)}: asked for JSON, got ${first === '<' ? 'markup' : 'something else'} (is this PowerMTA 5.0? try format: xml)`);
    }
    return { format, body: reply.body, bytes: reply.body.length, ms: performance.now() - started };
  }

  /**
   * fetchBytes, with a 2xx body handed to `open`'s sink chunk by chunk as it arrives instead
   * of buffered (the poller streams a big queue list to the parse worker while it downloads);
   * the same checks and errors. A JSON reply that does not start with `{` is rejected once it
   * has arrived: the caller then drops whatever its sink took.
   */
  async function streamBytes(
    path: string,
    params: QueryParams,
    open: (format: PmtaFormat, declaredBytes: number | null) => BodySink,
    signal?: AbortSignal,
  ): Promise<RawReply<null>> {
    const started = performance.now();
    const format = await formatFor(signal);
    let first = '';
    let bytes = 0;
    const reply = await send('GET', path, { ...params, format }, signal, {}, undefined, (status, declared) => {
      if (status < 200 || status >= 300) return null;
      const sink = open(format, declared);
      return {
        ready: sink.ready,
        take: (chunk) => {
          if (!first && bytes < 4096) first = firstChar(chunk);
          bytes += chunk.length;
          sink.take(chunk);
        },
      };
    });
    if (reply.status < 200 || reply.status >= 300) throw errorForStatus(reply, decodeText(reply), what(path));
    if (format === 'json' && first !== '{') {
      if (o.format === 'auto') detected = null; // re-detect on the next request
      throw new PmtaParseError(`${what(path)}: asked for JSON, got ${first === '<' ? 'markup' : 'something else'} (is this PowerMTA 5.0? try format: xml)`);
    }
    return { format, body: null, bytes, ms: performance.now() - started };
  }

  async function typed<K extends Exclude<keyof PmtaModelByKind, 'command'>>(kind: K, path: string, params: QueryParams, signal?: AbortSignal) {
    const r = await fetchBytes(path, params, signal);
    return parseBody(kind, r.format, r.body.toString('utf8'));
  }

  async function command(cmd: SafeCommand, signal?: AbortSignal): Promise<CommandReply> {
    const text = assertSafeCommand(cmd);
    if (o.format === 'auto' && (await formatFor(signal)) === 'xml') {
      throw new PmtaUnsupportedError(
        `${what('/command')}: commands need PowerMTA 5.0 (this node does not speak the JSON API; 4.x takes commands over the CLI only)`,
      );
    }
    const form = buildMultipart({ command: text, format: 'json' });
    const reply = await send('POST', '/command', {}, signal, { 'Content-Type': form.contentType, Accept: 'application/json' }, form.body);
    const body = decodeText(reply);
    // A JSON envelope is PowerMTA's answer whatever the status (400 = command refused).
    if (firstChar(reply.body) === '{' && reply.status !== 403) return parseBody('command', 'json', body);
    if (reply.status === 404 || reply.status === 405 || (reply.status < 300 && reply.status >= 200)) {
      throw new PmtaUnsupportedError(`${what('/command')}: commands need PowerMTA 5.0 (no JSON command API here, HTTP ${reply.status})`);
    }
    throw errorForStatus(reply, body, what('/command'));
  }

  /** `toByte` (inclusive) bounds the reply to `bytes=from-to`, so a large file is read in chunks. */
  async function getFile(name: string, opts: { fromByte?: number; toByte?: number; signal?: AbortSignal } = {}): Promise<FileChunk> {
    if (!FILE_NAME.test(name) || name.includes('..')) throw new RequestRejectedError(`"${name}" is not a bare file name`, 'getFile');
    const from = opts.fromByte ?? 0;
    if (!Number.isSafeInteger(from) || from < 0) throw new RequestRejectedError(`fromByte must be a non-negative integer`, 'getFile');
    const to = opts.toByte;
    if (to !== undefined && (!Number.isSafeInteger(to) || to < from)) throw new RequestRejectedError(`toByte must be an integer ≥ fromByte`, 'getFile');
    const asked = to !== undefined ? `bytes=${from}-${to}` : from > 0 ? `bytes=${from}-` : null;
    const reply = await send('GET', '/getFile', { file: name }, opts.signal, asked ? { Range: asked } : {});
    const range = /bytes (?:(\d+)-\d+|\*)\/(\d+)/.exec(String(reply.headers['content-range'] ?? ''));
    const totalSize = range?.[2] ? Number(range[2]) : reply.status === 200 ? reply.body.length : null;
    if (reply.status === 416) return { status: 416, start: from, body: Buffer.alloc(0), totalSize, ms: reply.ms };
    if (reply.status === 206) return { status: 206, start: range?.[1] ? Number(range[1]) : from, body: reply.body, totalSize, ms: reply.ms };
    if (reply.status === 200) return { status: 200, start: 0, body: reply.body, totalSize, ms: reply.ms };
    throw errorForStatus(reply, decodeText(reply), what('/getFile'));
  }

  return {
    url: base.origin + base.pathname.replace(/\/+$/, ''),
    fetchBytes,
    streamBytes,
    status: (signal) => typed('status', '/status', {}, signal),
    queues: ({ maxitems, ...params } = {}, signal) => typed('queues', '/queues', { ...params, ...listParams(maxitems) }, signal),
    queueDetail: (name, signal) => typed('queueDetail', '/queueDetail', { queue: name }, signal),
    logs: (signal) => typed('logs', '/logs', {}, signal),
    getFile,
    command,
    detectedFormat: () => detected,
    close: () => agent.destroy(),
  };
}
