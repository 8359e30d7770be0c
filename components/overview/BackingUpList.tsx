'use client';
import Link from 'next/link';
import type { BackingUpVerdict, OverviewResponse } from '@/lib/api/responses';
import { fmtExact, fmtInt, fmtTime } from '@/lib/format';
import { groupVerdictErrors, reasonsWithoutErrorText, verdictErrorSignature } from './backing-up-errors';

/** The last errors of the whole list, by signature with a count; the raw texts on demand. */
function ErrorSignatures({ verdicts }: { verdicts: BackingUpVerdict[] }) {
  const groups = groupVerdictErrors(verdicts);
  if (!groups.length) return null;
  return (
    <div className="muted" style={{ fontSize: 12, display: 'flex', flexWrap: 'wrap', gap: 8 }} data-testid="backing-up-signatures">
      Last errors:
      {groups.map((g) => (
        <details key={g.signature} data-testid={`backing-up-signature-${g.signature}`}>
          <summary>
            <span className="badge">{g.label}</span> ×{fmtInt(g.count)}
          </summary>
          <ul style={{ margin: '2px 0', paddingLeft: 18 }}>
            {g.texts.map((t) => (
              <li key={t.text} data-testid="backing-up-signature-text">
                <code>{t.text}</code>
                {t.count > 1 ? ` ×${fmtInt(t.count)}` : ''}
              </li>
            ))}
          </ul>
        </details>
      ))}
    </div>
  );
}

/**
 * Flagged (node, domain) pairs, most severe first (the server orders by lib/read-models/
 * backing-up.ts backingUpSeverity), with every reason the rule gave. The last error shows as its
 * signature (the backoff board's grouping) with its SMTP text behind "text".
 */
export function BackingUpList({ verdicts, link = true }: { verdicts: BackingUpVerdict[]; link?: boolean }) {
  if (verdicts.length === 0) return <p className="muted">No domain is backing up.</p>;
  return (
    <>
      <ErrorSignatures verdicts={verdicts} />
      <ul className="grid" style={{ listStyle: 'none', margin: 0, padding: 0, gap: 8 }} data-testid="backing-up">
        {verdicts.map((v) => {
          const { reasons, errorReason } = reasonsWithoutErrorText(v);
          const sig = verdictErrorSignature(v);
          return (
            <li key={`${v.node}/${v.domain}`} data-testid={`backing-up-${v.domain}`} data-severity={v.severity}>
              {link ? (
                <Link prefetch={false} href={`/domains/${encodeURIComponent(v.domain)}`}>
                  {v.domain}
                </Link>
              ) : (
                <strong>{v.domain}</strong>
              )}{' '}
              <span className="muted">on {v.node}</span> · {fmtInt(v.rcp)} rcpt
              {v.growth !== null ? (
                <span className="badge warn" style={{ marginLeft: 6 }} title="backlog growth over the evaluated polls">
                  +{fmtInt(v.growth)} rcpt
                </span>
              ) : null}
              {v.signals.backoffSince !== null ? (
                <span className="muted" title={`in backoff since at least ${fmtExact(v.signals.backoffSince)}`}>
                  {' '}
                  · backoff since {fmtTime(v.signals.backoffSince)} UTC
                </span>
              ) : null}
              <ul className="reasons" data-testid="backing-up-reasons">
                {reasons.map((r) => (
                  <li key={r}>{r}</li>
                ))}
                {errorReason && sig ? (
                  <li data-testid="backing-up-error">
                    {errorReason}: <span className="badge">{sig.label}</span>{' '}
                    <details style={{ display: 'inline' }}>
                      <summary className="muted">text</summary>
                      <code data-testid="backing-up-error-text">{v.signals.lastError!.text}</code>
                    </details>
                  </li>
                ) : null}
              </ul>
            </li>
          );
        })}
      </ul>
    </>
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
