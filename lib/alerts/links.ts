// Where each alert takes a person: the page to act on, with the action pre-filled but not
// performed (the drill-down opens the pause preview; nothing is sent before confirmation).
// Pure: the page builds the same links.
export type LinkTarget =
  | { kind: 'pause'; node: string; domain: string; pattern: string }
  | { kind: 'node'; node: string }
  | { kind: 'backoff'; node: string }
  | { kind: 'bounces'; node: string; domain?: string; vmta?: string; job?: string };

/** How long the pre-filled pause lasts (the operator can change it in the preview). */
export const SUGGESTED_PAUSE = '30m';

export function actionLink(t: LinkTarget): string {
  const q = new URLSearchParams();
  switch (t.kind) {
    case 'pause':
      q.set('node', t.node);
      q.set('act', 'pause');
      q.set('pattern', t.pattern);
      q.set('duration', SUGGESTED_PAUSE);
      return `/domains/${encodeURIComponent(t.domain)}?${q}`;
    case 'node':
      q.set('node', t.node);
      return `/?${q}#node-health`;
    case 'backoff':
      q.set('node', t.node);
      return `/backoff?${q}`;
    case 'bounces':
      q.set('node', t.node);
      for (const k of ['domain', 'vmta', 'job'] as const) if (t[k]) q.set(k, t[k]);
      return `/bounces?${q}`;
  }
}

/** An absolute link for a notification (relative when no `alerts.publicUrl` is set). */
export function absoluteLink(base: string | undefined, link: string): string {
  return base ? `${base.replace(/\/+$/, '')}${link}` : link;
}
