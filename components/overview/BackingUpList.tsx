'use client';
import Link from 'next/link';
import type { BackingUpVerdict, OverviewResponse } from '@/lib/api/responses';
import { fmtInt, fmtTime } from '@/lib/format';

/** Flagged (node, domain) pairs with every reason the rule gave, largest backlog first. */
export function BackingUpList({ verdicts, link = true }: { verdicts: BackingUpVerdict[]; link?: boolean }) {
  if (verdicts.length === 0) return <p className="muted">No domain is backing up.</p>;
  return (
    <ul className="grid" style={{ listStyle: 'none', margin: 0, padding: 0, gap: 8 }} data-testid="backing-up">
      {verdicts.map((v) => (
        <li key={`${v.node}/${v.domain}`} data-testid={`backing-up-${v.domain}`}>
          {link ? (
            <Link prefetch={false} href={`/domains/${encodeURIComponent(v.domain)}`}>
              {v.domain}
            </Link>
          ) : (
            <strong>{v.domain}</strong>
          )}{' '}
          <span className="muted">on {v.node}</span> · {fmtInt(v.rcp)} rcpt
          {v.growth !== null ? (
            <span className="badge warn" style={{ marginLeft: 6 }}>
              +{fmtInt(v.growth)}
            </span>
          ) : null}
          <ul className="reasons" data-testid="backing-up-reasons">
            {v.reasons.map((r) => (
              <li key={r}>{r}</li>
            ))}
          </ul>
        </li>
      ))}
    </ul>
  );
}

type ConsolePause = OverviewResponse['pausedByConsole'][number];

/** Flagged pairs an operator paused from this console: "paused by alice until 18:19 UTC (reason)". */
export function ConsolePausedList({ pauses }: { pauses: ConsolePause[] }) {
  if (!pauses.length) return null;
  return (
    <ul className="grid" style={{ listStyle: 'none', margin: 0, padding: 0, gap: 4 }} data-testid="paused-by-console">
      {pauses.map((p) => (
        <li key={`${p.node}/${p.domain}`} data-testid={`paused-by-console-${p.domain}`}>
          <Link prefetch={false} href={`/domains/${encodeURIComponent(p.domain)}?node=${encodeURIComponent(p.node)}`}>
            {p.domain}
          </Link>{' '}
          <span className="muted">on {p.node}</span> · {fmtInt(p.rcp)} rcpt · <span className="badge">paused by {p.user}</span>{' '}
          {p.resumeAt !== null ? <>until {fmtTime(p.resumeAt)} UTC</> : <span className="muted">until resumed</span>}
          {p.reason ? <span className="muted"> ({p.reason})</span> : null}
        </li>
      ))}
    </ul>
  );
}
