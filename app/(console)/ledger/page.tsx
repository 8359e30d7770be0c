import { LedgerPage } from '@/components/ledger/LedgerPage';

export const metadata = { title: 'Action ledger' };

export default function Page() {
  return <LedgerPage />;
}
