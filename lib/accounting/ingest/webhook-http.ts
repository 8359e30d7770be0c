import 'server-only';
// The accounting webhook's HTTP handling (app/api/accounting/webhook/[...slug]/route.ts), apart
// from how the receiver is found, so integration tests drive the very same code over HTTP.
import { ApiError } from '@/lib/api/errors';
import { decodeBody, WebhookBodyError, type WebhookReceiver } from './webhook';

/**
 * `slug` is `[node]` or `[node, secret]`; `lookup` returns the node's receiver (undefined: none
 * configured) or throws when ingestion is not available (503, PowerMTA retries later).
 */
export async function handleWebhookRequest(req: Request, slug: readonly string[], lookup: (node: string) => WebhookReceiver | undefined): Promise<Response> {
  const headers = { 'cache-control': 'no-store' };
  try {
    if (slug.length < 1 || slug.length > 2) throw new ApiError('not_found', 'POST /api/accounting/webhook/{node}[/{secret}]');
    const node = decoded(slug[0] as string);
    let receiver: WebhookReceiver | undefined;
    try {
      receiver = lookup(node);
    } catch (e) {
      console.error('[accounting] webhook: ingestion unavailable:', e);
      throw new ApiError('unavailable', 'accounting ingestion is not available; see the server log');
    }
    // Node ids are not secret; saying which node has no webhook helps fix a wrong URL.
    if (!receiver) throw new ApiError('not_found', `no webhook source configured for node "${node}"`);
    const auth = req.headers.get('authorization');
    const candidate = slug[1] !== undefined ? decoded(slug[1]) : (req.headers.get('x-webhook-secret') ?? (auth ? auth.replace(/^Bearer\s+/i, '').trim() : null));
    if (!receiver.authorize(candidate)) {
      receiver.rejected('bad or missing secret');
      throw new ApiError('unauthorized', 'bad or missing webhook secret');
    }
    const raw = await readBounded(req, receiver.maxBodyBytes);
    if (raw === null) {
      receiver.rejected(`body larger than ${receiver.maxBodyBytes} bytes`);
      throw new ApiError('too_large', `body larger than ${receiver.maxBodyBytes} bytes (lower the acct-file's max-size)`);
    }
    let body: Buffer;
    try {
      body = decodeBody(raw, req.headers.get('content-encoding'), receiver.maxBodyBytes);
    } catch (e) {
      if (!(e instanceof WebhookBodyError)) throw e;
      receiver.rejected(e.message);
      throw new ApiError(e.kind === 'too-large' ? 'too_large' : 'bad_request', e.message);
    }
    const key = req.headers.get('idempotency-key') ?? req.headers.get('x-batch-id');
    const r = receiver.receive(body, key);
    return Response.json({ ok: true, node, records: r.records, malformed: r.malformed, duplicate: r.outcome === 'duplicate' }, { headers });
  } catch (e) {
    if (e instanceof ApiError) return e.toResponse(headers);
    console.error('[api] POST /api/accounting/webhook failed:', e);
    return new ApiError('internal', 'internal error; see the server log').toResponse(headers);
  }
}

/** A path segment percent-decoded, or as it is when it is not valid percent-encoding. */
function decoded(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** The request body, or null once it passes `max` bytes (stops reading there). */
async function readBounded(req: Request, max: number): Promise<Buffer | null> {
  const declared = Number(req.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > max) return null;
  if (!req.body) return Buffer.alloc(0);
  const reader = req.body.getReader();
  const parts: Uint8Array[] = [];
  let n = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    n += value.byteLength;
    if (n > max) {
      await reader.cancel();
      return null;
    }
    parts.push(value);
  }
  return Buffer.concat(parts);
}
