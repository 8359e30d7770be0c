import { redirect } from 'next/navigation';
import { getCurrentUser } from '@/lib/auth/current-user';
import { DEMO_USERS } from '@/lib/auth/demo-users';
import { isDemoMode } from '@/lib/auth/login';
import { safeNextPath } from '@/lib/auth/next-path';
import { LoginForm } from './LoginForm';

export const metadata = { title: 'Sign in' };

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const raw = (await searchParams).next;
  const next = safeNextPath(Array.isArray(raw) ? raw[0] : raw);
  // Already signed in (e.g. a bookmarked /login): go straight on.
  if (await getCurrentUser()) redirect(next);
  // Only the demo's well-known passwords are ever sent to the browser, and only in demo mode.
  const demoUsers = isDemoMode() ? DEMO_USERS.map(({ username, password, role }) => ({ username, password, role })) : null;
  return <LoginForm next={next} demoUsers={demoUsers} />;
}
