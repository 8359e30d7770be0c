import type { ReactNode } from 'react';
import './globals.css';
import { Providers } from './providers';

export const metadata = { title: { default: 'PowerMTA Console', template: '%s · PowerMTA Console' } };

// Sets the theme before first paint (stored choice, else the system preference), so a dark
// console never flashes white on reload.
const themeScript = `(function(){try{var t=localStorage.getItem('pmta-theme');if(t!=='light'&&t!=='dark'){t=matchMedia('(prefers-color-scheme: dark)').matches?'dark':'light'}document.documentElement.dataset.theme=t}catch(e){}})()`;

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en" suppressHydrationWarning>
      <head>
        <script dangerouslySetInnerHTML={{ __html: themeScript }} />
      </head>
      <body>
        <Providers>{children}</Providers>
      </body>
    </html>
  );
}
