// PowerMTA 5.0 JSON envelope → its `data`.
//
// Pure module (no `server-only`): the poller's parse worker loads it, and it does no I/O.
import { PmtaParseError, PmtaUpstreamError } from './errors';

export interface JsonEnvelope {
  data: unknown;
  status: string;
  message: string;
}

/** True when `v` has the `{data, status, message}` shape (a top-level CSRFToken is ignored). */
export function isJsonEnvelope(v: unknown): v is JsonEnvelope {
  return !!v && typeof v === 'object' && !Array.isArray(v) && typeof (v as Record<string, unknown>).status === 'string' && 'data' in v;
}

export function parseJsonDocument(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new PmtaParseError(`malformed JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/**
 * `{"data":…,"status":"success","message":""}` → the envelope (data, status, message).
 * `"status":"error"` (or any status other than success) → PmtaUpstreamError with `message`.
 */
export function unwrapJsonEnvelope(doc: unknown, httpStatus?: number): JsonEnvelope {
  if (!isJsonEnvelope(doc)) throw new PmtaParseError('not a PowerMTA JSON envelope (expected {data, status, message})');
  const message = typeof doc.message === 'string' ? doc.message : '';
  if (doc.status !== 'success') throw new PmtaUpstreamError(message || `status "${doc.status}"`, httpStatus);
  return { data: doc.data, status: doc.status, message };
}

/**
 * Text → `data` as an object (null or absent data → `{}`); the list endpoints and /status
 * always carry an object. Use unwrapJsonEnvelope directly when `data` may be a string
 * (`format=json-text` command replies).
 */
export function parseJsonEnvelope(text: string): Record<string, unknown> {
  const { data } = unwrapJsonEnvelope(parseJsonDocument(text));
  if (data === null || data === undefined) return {};
  if (typeof data !== 'object' || Array.isArray(data)) throw new PmtaParseError('expected an object', 'data');
  return data as Record<string, unknown>;
}
