import 'server-only';
// The accounting webhook's request handling, apart from how the receiver is found, so the
// route files (app/api/accounting/webhook/[node]/…) and integration tests run the very same
// code through apiRoute (lib/api/route.ts: the one error shape, path parameters decoded and
// validated by the contract, no session or CSRF for this `ownSecret` route).
import { ApiError } from '@/lib/api/errors';
import { decodeBody, WebhookBodyError, type WebhookReceiver } from './webhook';
import { serverLog } from '@/lib/log/logger';
import { readBounded } from '@/lib/read-bounded';

export interface WebhookAnswer {
  ok: true;
  node: string;
  records: number;
  malformed: number;
  duplicate: boolean;
}

/** The node's receiver (undefined: none configured); throws when ingestion is not available. */
export type WebhookLookup = (node: string) => WebhookReceiver | undefined;

/**
 * The handler of both webhook routes: `params.secret` when the secret is the last path
 * segment, else it comes from `Authorization` (Bearer or bare) or `X-Webhook-Secret`.
 */
export function webhookHandler(lookup: WebhookLookup) {
  return async ({ req, params }: { req: Request; params: { node: string; secret?: string } }): Promise<WebhookAnswer> => {
    const { node } = params;
    let receiver: WebhookReceiver | undefined;
    try {
      receiver = lookup(node);
    } catch (e) {
      serverLog().error({ err: e }, '[accounting] webhook: ingestion unavailable');
      throw new ApiError('unavailable', 'accounting ingestion is not available; see the server log');
    }
    // Node ids are not secret; saying which node has no webhook helps fix a wrong URL.
    if (!receiver) throw new ApiError('not_found', `no webhook source configured for node "${node}"`);
    const auth = req.headers.get('authorization');
    const candidate = params.secret ?? req.headers.get('x-webhook-secret') ?? (auth ? auth.replace(/^Bearer\s+/i, '').trim() : null);
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
    const r = await receiver.receive(body, key);
    return { ok: true, node, records: r.records, malformed: r.malformed, duplicate: r.outcome === 'duplicate' };
  };
}
