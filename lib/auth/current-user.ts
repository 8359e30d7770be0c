import 'server-only';
// For server components and layouts: the signed-in user, read from the incoming request's
// headers. proxy.ts already keeps anonymous visitors off pages; a layout that renders data
// should still call requireUser() so the page never depends on the proxy alone.
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { authenticate } from './authenticate';
import { roleAtLeast, type AuthUser, type Role } from './roles';
import { getAuthSettings } from './settings';

export async function getCurrentUser(): Promise<AuthUser | null> {
  const h = await headers();
  // The URL only feeds the scheme fallback, which authentication does not use.
  return (await authenticate({ headers: h, url: 'http://console.invalid/' }, getAuthSettings()))?.user ?? null;
}

/** The user, or a redirect to /login; `minRole` too high → redirect to `/` with no data shown. */
export async function requireUser(minRole: Role = 'viewer'): Promise<AuthUser> {
  const user = await getCurrentUser();
  if (!user) redirect('/login');
  if (!roleAtLeast(user.role, minRole)) redirect('/');
  return user;
}
