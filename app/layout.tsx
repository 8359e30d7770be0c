import type { ReactNode } from 'react';
import { headers } from 'next/headers';
import './globals.css';
import { Providers } from './providers';
import { THEME_SCRIPT } from '@/lib/theme-script';

export const metadata = { title: { default: 'PowerMTA Console', template: '%s · PowerMTA Console' } };

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Reading the request makes every page render per request, which is what lets Next put the
  // proxy's per-request CSP nonce on its inline scripts (lib/security/headers.ts). The theme
  // snippet itself is allowed by its hash.
  await headers();
  return (
    <html lang="en" suppressHydrationWarning>
      <head>
        <script dangerouslySetInnerHTML={{ __html: THEME_SCRIPT }} />
      </head>
      <body>
        <Providers>{children}</Providers>
      </body>
    </html>
  );
}
