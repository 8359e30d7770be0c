// POST /api/auth/login – check a username and password, set the session and CSRF cookies.
// Public (there is no session yet) but still refused from other origins.
import { apiRoute } from '@/lib/api/route';
import { loginBodySchema, performLogin } from '@/lib/auth/login';

export const POST = apiRoute({ role: 'public', body: loginBodySchema }, ({ body, req }) => performLogin(body, req));
