import 'server-only';
import { getAccountingIngest } from '@/lib/accounting/ingest/manager';
import { handleWebhookRequest } from '@/lib/accounting/ingest/webhook-http';

// POST /api/accounting/webhook/{node} (secret in `Authorization: Bearer <secret>`,
// `Authorization: <secret>` or `X-Webhook-Secret`) or POST /api/accounting/webhook/{node}/{secret}
// – accounting records pushed by PowerMTA (`http-webhook-url`, guide 5.0r5 §3.3.11.17). Called
// by PowerMTA, not a browser: no session, no CSRF token (proxy.ts lets exactly these paths
// through, lib/auth/public-paths.ts), but the node's own secret, compared in constant time.
// The body (CSV or JSON, optionally gzip) is bounded by the source's maxBodyBytes and counted
// exactly once: a re-posted batch is acknowledged (200, `duplicate: true`) and not counted.
// Answers `{ ok, node, records, malformed, duplicate }`; errors use the one JSON error shape.
export async function POST(req: Request, route: { params: Promise<{ slug?: string[] }> }): Promise<Response> {
  const slug = (await route.params).slug ?? [];
  return handleWebhookRequest(req, slug, (node) => getAccountingIngest().webhook(node));
}
