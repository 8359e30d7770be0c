import 'server-only';
import { apiRoute } from '@/lib/api/route';
import { routes } from '@/lib/api/contracts/registry';
import { getRuntime } from '@/lib/runtime/current';
import { webhookHandler } from '@/lib/accounting/ingest/webhook-http';

// POST /api/accounting/webhook/{node}/{secret} – the webhook of ../route.ts with the node's
// secret as the last path segment, for PowerMTA setups that cannot add a header.
export const POST = apiRoute(
  routes['POST /api/accounting/webhook/{node}/{secret}'],
  webhookHandler((node) => getRuntime().accounting.webhook(node)),
);
