import { OverviewPage } from '@/components/overview/OverviewPage';

export const metadata = { title: 'Overview' };

export default function Page() {
  return <OverviewPage />;
}
