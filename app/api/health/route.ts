// GET /api/health – liveness for load balancers and the e2e web server; public, so it says
// nothing beyond "the process answers".
import { apiRoute } from '@/lib/api/route';
import { routes } from '@/lib/api/contracts/registry';

export const GET = apiRoute(routes['GET /api/health'], () => ({ ok: true as const }));
