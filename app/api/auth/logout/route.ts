// POST /api/auth/logout – clear the session cookies. Public so an expired or revoked session
// can still sign out; the Origin check stops other sites from signing users out.
import { apiRoute } from '@/lib/api/route';
import { performLogout } from '@/lib/auth/login';

export const POST = apiRoute({ role: 'public' }, ({ req }) => performLogout(req));
