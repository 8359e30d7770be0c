// GET /api/health – liveness for load balancers and the e2e web server; public, so it says
// nothing beyond "the process answers".
import { apiRoute } from '@/lib/api/route';

export const GET = apiRoute({ role: 'public' }, () => ({ ok: true }));
