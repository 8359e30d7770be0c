// GET /api/auth/me – who am I, the CSRF token to send in x-csrf-token (also re-set as the
// pmta_csrf cookie), and whether this is the demo.
import { apiRoute } from '@/lib/api/route';
import { routes } from '@/lib/api/contracts/registry';
import { performMe } from '@/lib/auth/login';

export const GET = apiRoute(routes['GET /api/auth/me'], ({ auth, req }) => (auth.principal ? performMe(auth.principal, auth.csrfToken, req) : null));
