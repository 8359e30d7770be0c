// POST /api/auth/login – check a username and password, set the session and CSRF cookies.
// Public (there is no session yet) but still refused from other origins.
import { apiRoute } from '@/lib/api/route';
import { routes } from '@/lib/api/contracts/registry';
import { performLogin } from '@/lib/auth/login';

export const POST = apiRoute(routes['POST /api/auth/login'], ({ body, req }) => performLogin(body, req));
