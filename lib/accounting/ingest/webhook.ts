import 'server-only';
// Accounting records pushed by PowerMTA 5.0 (`http-webhook-url` in an `<acct-file>`).
//
// What the guide says (5.0r5 revision, §3.3.11.17–25; the 5.0r1 copy in jnotes/pmta-doc has no
// webhook directives at all): records are staged into batch files under the acct-file's path,
// "deleted once the data has been successfully sent", batched every `http-webhook-max-interval`
// (default 5m, minimum 1m) or at `max-size`; `http-webhook-transfer-encoding gzip` compresses
// the content; `http-webhook-extra-headers` adds headers such as `Authorization` or overrides
// the Content-Type; the accounting file can be "CSV or JSON format" (§3.3.11).
//
// What it does not say (its "HTTP Webhooks" chapter is not in any public copy we found), so this
// is tolerant on purpose:
// - the body is taken as the staged file's content: CSV with a header line (a header-less CSV
//   falls back to PowerMTA's default columns per type), or JSON (an array of records, an object
//   with a `records` array, or one record object per line), keys matched case-insensitively
//   like CSV headers;
// - gzip is recognised by `Content-Encoding: gzip` or by its magic bytes;
// - no batch id is documented, so a batch is identified by an `Idempotency-Key` / `X-Batch-Id`
//   header when one is sent, else by the SHA-256 of its decoded content: a batch re-posted
//   after a lost reply is byte-identical (it is the same staged file), and two different
//   batches with identical bytes would need identical records down to timeLogged and rcpt.
import { createHash, timingSafeEqual } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { buildRecord, canonicalColumn, normaliseAcctType, parseAcctText, type AcctRecord, type RejectSample } from '@/lib/accounting';
import type { WebhookSourceConfig } from '@/lib/config/accounting-schema';
import type { AcctWriter } from '@/lib/accounting/store/acct-writer';
import { nullProto } from '@/lib/null-proto';

export interface ParsedBatch {
  records: AcctRecord[];
  malformed: number;
  samples: RejectSample[];
}

export class WebhookBodyError extends Error {
  constructor(
    readonly kind: 'too-large' | 'bad-body',
    message: string,
  ) {
    super(message);
    this.name = 'WebhookBodyError';
  }
}

const MAX_SAMPLES = 5;

/** Decodes (gunzip, bounded) a raw request body. */
export function decodeBody(raw: Buffer, contentEncoding: string | null, maxBytes: number): Buffer {
  const gz = /\bgzip\b/i.test(contentEncoding ?? '') || (raw.length >= 2 && raw[0] === 0x1f && raw[1] === 0x8b);
  if (!gz) return raw;
  try {
    return gunzipSync(raw, { maxOutputLength: maxBytes });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || e instanceof RangeError)
      throw new WebhookBodyError('too-large', `decoded body larger than ${maxBytes} bytes`);
    throw new WebhookBodyError('bad-body', `not valid gzip: ${(e as Error).message}`);
  }
}

/** A batch's records, whatever of the tolerated shapes it has. */
export function parseBatch(body: Buffer): ParsedBatch {
  let text = body.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const first = text.trimStart()[0];
  if (first === '[' || first === '{') return parseJsonBatch(text);
  const { records, stats } = parseAcctText(text, { defaultColumns: true, maxSamples: MAX_SAMPLES });
  return { records, malformed: stats.malformed, samples: [...stats.samples.first, ...stats.samples.last] };
}

function parseJsonBatch(text: string): ParsedBatch {
  let items: unknown[];
  try {
    const v: unknown = JSON.parse(text);
    items = Array.isArray(v) ? v : isObject(v) && Array.isArray(v.records) ? v.records : [v];
  } catch {
    // One JSON object per line (a JSON accounting file is written record by record).
    items = [];
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      try {
        items.push(JSON.parse(line));
      } catch {
        items.push(line);
      }
    }
  }
  const out: ParsedBatch = { records: [], malformed: 0, samples: [] };
  items.forEach((item, i) => {
    const reject = (reason: RejectSample['reason']) => {
      out.malformed++;
      if (out.samples.length < MAX_SAMPLES) out.samples.push({ line: i + 1, offset: 0, reason, text: JSON.stringify(item)?.slice(0, 300) ?? '' });
    };
    if (!isObject(item)) return reject('unknown-type');
    // Null prototype: keys come from the request.
    const fields = nullProto<string>();
    for (const [k, v] of Object.entries(item)) {
      if (v === null || v === undefined) fields[canonicalColumn(k)] = '';
      else if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') fields[canonicalColumn(k)] = String(v);
    }
    const type = normaliseAcctType(fields.type ?? '');
    if (!type) return reject('unknown-type');
    const built = buildRecord(type, fields);
    if (!built.ok) return reject(built.reason);
    out.records.push(built.record);
  });
  return out;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export interface WebhookStatus {
  batches: number;
  duplicates: number;
  records: number;
  rejected: number;
  lastBatchAt: number | null;
  lastError: string | null;
}

export interface WebhookResult {
  outcome: 'counted' | 'duplicate';
  records: number;
  malformed: number;
}

/** One node's webhook endpoint: its secret check and exactly-once counting of batches. */
export class WebhookReceiver {
  private readonly secretHash: Buffer;
  private st: WebhookStatus = { batches: 0, duplicates: 0, records: 0, rejected: 0, lastBatchAt: null, lastError: null };

  constructor(
    readonly node: string,
    readonly config: WebhookSourceConfig,
    private readonly writer: AcctWriter,
  ) {
    this.secretHash = sha256(Buffer.from(config.secret));
  }

  get maxBodyBytes(): number {
    return this.config.maxBodyBytes;
  }

  /** Constant-time: both sides hashed to the same length first, so length leaks nothing either. */
  authorize(candidate: string | null): boolean {
    if (candidate === null || candidate === '') return false;
    return timingSafeEqual(sha256(Buffer.from(candidate)), this.secretHash);
  }

  /** Counts a decoded batch once; a repeat of a counted batch is acknowledged and ignored. */
  async receive(body: Buffer, idempotencyKey: string | null): Promise<WebhookResult> {
    const parsed = parseBatch(body);
    const hash = idempotencyKey ? `key:${idempotencyKey.slice(0, 200)}` : `sha256:${sha256(body).toString('hex')}`;
    const outcome = await this.writer.commitBatch({ node: this.node, source: this.config.id, hash, label: `webhook:${this.config.id}`, ...parsed });
    if (outcome === 'duplicate') this.st.duplicates++;
    else {
      this.st.batches++;
      this.st.records += parsed.records.length;
    }
    this.st.lastBatchAt = Date.now();
    this.st.lastError = null;
    return { outcome, records: parsed.records.length, malformed: parsed.malformed };
  }

  /** A refused request (bad secret, too large, undecodable), for the status. */
  rejected(reason: string): void {
    this.st.rejected++;
    this.st.lastError = reason;
  }

  status(): WebhookStatus {
    return { ...this.st };
  }
}

function sha256(b: Buffer): Buffer {
  return createHash('sha256').update(b).digest();
}
