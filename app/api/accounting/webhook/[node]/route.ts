import 'server-only';
import { apiRoute } from '@/lib/api/route';
import { routes } from '@/lib/api/contracts/registry';
import { getRuntime } from '@/lib/runtime/current';
import { webhookHandler } from '@/lib/accounting/ingest/webhook-http';

// POST /api/accounting/webhook/{node} (secret in `Authorization: Bearer <secret>`,
// `Authorization: <secret>` or `X-Webhook-Secret`; or in the path, ./[secret]/route.ts) –
// accounting records pushed by PowerMTA (`http-webhook-url`, guide 5.0r5 §3.3.11.17). Called
// by PowerMTA, not a browser: no session, no CSRF token (proxy.ts lets exactly these paths
// through, lib/auth/public-paths.ts; the contract is `ownSecret`), but the node's own secret,
// compared in constant time. The body (CSV or JSON, optionally gzip) is bounded by the
// source's maxBodyBytes and counted exactly once: a re-posted batch is acknowledged (200,
// `duplicate: true`) and not counted. Answers `{ ok, node, records, malformed, duplicate }`.
export const POST = apiRoute(
  routes['POST /api/accounting/webhook/{node}'],
  webhookHandler((node) => getRuntime().accounting.webhook(node)),
);
