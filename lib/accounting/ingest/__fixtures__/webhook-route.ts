// The accounting webhook's two routes as the route files build them (apiRoute over the
// contracts and webhookHandler), over a receiver lookup the test chooses. apiRoute's guard
// reads the auth settings from the installed runtime: call installTestRuntime() first.
import { routes } from '@/lib/api/contracts/registry';
import { apiRoute } from '@/lib/api/route';
import { webhookHandler, type WebhookLookup } from '../webhook-http';

/** `slug` as the URL has it after /api/accounting/webhook/: `[node]` or `[node, secret]`. */
export function callWebhook(req: Request, slug: readonly string[], lookup: WebhookLookup): Promise<Response> {
  const handler = webhookHandler(lookup);
  if (slug.length === 1) return apiRoute(routes['POST /api/accounting/webhook/{node}'], handler)(req, { params: Promise.resolve({ node: slug[0] as string }) });
  if (slug.length === 2) {
    return apiRoute(routes['POST /api/accounting/webhook/{node}/{secret}'], handler)(req, {
      params: Promise.resolve({ node: slug[0] as string, secret: slug[1] as string }),
    });
  }
  return Promise.resolve(Response.json({ error: { code: 'not_found', message: 'no such route', status: 404 } }, { status: 404 }));
}
