import { dehydrate, HydrationBoundary } from '@tanstack/react-query';
import { SessionsPage } from '@/components/sessions/SessionsPage';
import { requireUser } from '@/lib/auth/current-user';
import { newServerQueryClient, prefetch } from '@/lib/query/server';

export const metadata = { title: 'Sessions' };

// Admins only (others are sent to the overview): who is signed in, and ending their sessions.
export default async function Page() {
  await requireUser('admin');
  const qc = newServerQueryClient();
  await prefetch.sessions(qc);
  return (
    <HydrationBoundary state={dehydrate(qc)}>
      <SessionsPage />
    </HydrationBoundary>
  );
}
