'use client';
import type { BackingUpVerdict } from '@/lib/api/responses';
import { fmtInt } from '@/lib/format';
import { RelativeTime } from '@/components/ui/RelativeTime';
import { NodeStale } from '@/components/ui/NodeStale';
import { NodeActions } from '@/components/actions/NodeActions';
import { ShowAllButton, useCollapsed } from '@/components/ui/ShowAll';

/** Reasons shown per verdict before "show all". */
const SHOW_REASONS = 3;

function Reasons({ reasons }: { reasons: string[] }) {
  const c = useCollapsed(reasons, SHOW_REASONS);
  if (!reasons.length) return null;
  return (
    <ul className="reasons" data-testid="verdict-reasons">
      {c.shown.map((r) => (
        <li key={r}>{r}</li>
      ))}
      {c.hidden || c.expanded ? (
        <li>
          <ShowAllButton c={c} what="reasons" testId="show-all-reasons" />
        </li>
      ) : null}
    </ul>
  );
}

/** The backing-up rule's verdict on each node, with the reasons it saw (flagged or not), the first three until "show all". */
export function DomainVerdicts({ verdicts, domain }: { verdicts: BackingUpVerdict[]; domain: string }) {
  if (verdicts.length === 0) return <p className="muted">No node has queues for this domain.</p>;
  return (
    <ul className="grid" style={{ listStyle: 'none', margin: 0, padding: 0, gap: 8 }} data-testid="domain-verdicts">
      {verdicts.map((v) => (
        <li key={v.node} data-testid={`verdict-${v.node}`}>
          <strong>{v.node}</strong> <NodeStale node={v.node} />{' '}
          {v.backingUp ? (
            <span className="badge danger" data-testid="verdict-backing-up">
              backing up
            </span>
          ) : (
            <span className="badge ok">not backing up</span>
          )}{' '}
          · {fmtInt(v.rcp)} rcpt
          {v.signals.nextRetryAt !== null ? (
            <span className="muted">
              {' '}
              · next retry <RelativeTime at={v.signals.nextRetryAt} />
            </span>
          ) : null}
          <Reasons reasons={v.reasons} />
          <div className="act-control">
            <NodeActions domain={domain} node={v.node} />
          </div>
        </li>
      ))}
    </ul>
  );
}
