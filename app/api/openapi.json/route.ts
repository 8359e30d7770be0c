import { apiRoute } from '@/lib/api/route';
import { routes } from '@/lib/api/contracts/registry';
import { openApiDocument } from '@/lib/api/openapi';

// GET /api/openapi.json (viewer) – the OpenAPI 3.1 document of every route, generated from the
// route registry (the same schemas the handlers are checked and validated against).
let cached: string | null = null;

export const GET = apiRoute(routes['GET /api/openapi.json'], () => {
  cached ??= JSON.stringify(openApiDocument());
  return new Response(cached, { headers: { 'content-type': 'application/json; charset=utf-8' } });
});
