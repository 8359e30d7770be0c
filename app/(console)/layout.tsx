import type { ReactNode } from 'react';
import { Shell } from '@/components/layout/Shell';
import { SessionBar } from '@/components/layout/SessionBar';
import { requireUser } from '@/lib/auth/current-user';
import { isDemoMode } from '@/lib/auth/login';

// Every console page needs a signed-in user; proxy.ts also enforces it, but a page that
// renders fleet data must not depend on the proxy alone.
export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const user = await requireUser();
  return <Shell top={<SessionBar user={user} demo={isDemoMode()} />}>{children}</Shell>;
}
