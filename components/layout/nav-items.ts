// The console's sections, in navigation order. Add a page here when it exists; `minRole`
// hides a link from users the page would turn away.
import type { Role } from '@/lib/auth/roles';

export const NAV_ITEMS: { href: string; label: string; minRole?: Role }[] = [
  { href: '/', label: 'Overview' },
  { href: '/alerts', label: 'Alerts' },
  { href: '/queues', label: 'Queues' },
  { href: '/backoff', label: 'Backoff' },
  { href: '/vmtas', label: 'vMTAs' },
  { href: '/bounces', label: 'Bounces' },
  { href: '/sources', label: 'Source IPs' },
  { href: '/jobs', label: 'Jobs' },
  { href: '/ledger', label: 'Ledger' },
  { href: '/audit', label: 'Audit' },
  { href: '/sessions', label: 'Sessions', minRole: 'admin' },
];
