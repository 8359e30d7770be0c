import { JobsPage } from '@/components/jobs/JobsPage';

export const metadata = { title: 'Jobs' };

// Jobs are asked of the nodes on demand (not polled), so the page fetches them on the client.
export default function Page() {
  return <JobsPage />;
}
