import { dehydrate, HydrationBoundary } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Shell } from '@/components/layout/Shell';
import { SessionBar } from '@/components/layout/SessionBar';
import { requireUser } from '@/lib/auth/current-user';
import { isDemoMode } from '@/lib/auth/login';
import { newServerQueryClient, prefetch } from '@/lib/query/server';

// Every console page needs a signed-in user; proxy.ts also enforces it, but a page that
// renders fleet data must not depend on the proxy alone. The top bar's node list (on every
// page) arrives with the page.
export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const user = await requireUser();
  const qc = newServerQueryClient();
  await prefetch.nodes(qc);
  return (
    <HydrationBoundary state={dehydrate(qc)}>
      <Shell role={user.role} top={<SessionBar user={user} demo={isDemoMode()} />}>
        {children}
      </Shell>
    </HydrationBoundary>
  );
}
