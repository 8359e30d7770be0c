'use client';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { Suspense, type ReactNode } from 'react';
import { NAV_ITEMS } from './nav-items';
import { roleAtLeast, type Role } from '@/lib/auth/roles';
import { StoreBanner } from './StoreBanner';
import { ThemeToggle } from './ThemeToggle';
import { TopBar } from './TopBar';
import { AlertBadge } from '@/components/alerts/AlertBadge';
import { useChangeFeed } from '@/lib/query/change-feed';
import styles from './Shell.module.css';

export function Shell({ children, top, role }: { children: ReactNode; top?: ReactNode; role: Role }) {
  const pathname = usePathname();
  useChangeFeed(); // one event stream per tab, for every signed-in page
  const active = (href: string) => (href === '/' ? pathname === '/' : pathname === href || pathname.startsWith(`${href}/`));
  return (
    <div className={styles.shell}>
      <nav className={styles.nav} aria-label="Main">
        <div className={styles.brand}>PowerMTA Console</div>
        {NAV_ITEMS.filter((i) => !i.minRole || roleAtLeast(role, i.minRole)).map((i) => (
          <Link key={i.href} href={i.href} className={active(i.href) ? styles.active : undefined} aria-current={active(i.href) ? 'page' : undefined}>
            {i.label}
            {i.href === '/alerts' ? <AlertBadge /> : null}
          </Link>
        ))}
        <div className={styles.spacer} />
        <ThemeToggle />
      </nav>
      <div className={styles.main}>
        {top}
        <StoreBanner />
        <Suspense fallback={null}>
          <TopBar />
        </Suspense>
        <main className={styles.content}>{children}</main>
      </div>
    </div>
  );
}
