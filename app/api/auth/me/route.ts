// GET /api/auth/me – who am I, the CSRF token to send in x-csrf-token, and demo mode.
import { apiRoute } from '@/lib/api/route';
import { isDemoMode } from '@/lib/auth/login';

export const GET = apiRoute({ role: 'viewer' }, ({ user, auth }) => ({ user, csrfToken: auth.csrfToken, demo: isDemoMode() }));
