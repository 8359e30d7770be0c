// POST /api/auth/logout – clear the session cookies. Public so an expired or revoked session
// can still sign out; the Origin check stops other sites from signing users out.
import { apiRoute } from '@/lib/api/route';
import { routes } from '@/lib/api/contracts/registry';
import { performLogout } from '@/lib/auth/login';

export const POST = apiRoute(routes['POST /api/auth/logout'], ({ req }) => performLogout(req));
