'use client';
// Drift from what the console set: who set what, when, since when the live state differs, the
// likely cause (a PowerMTA restart is named when startupTime changed) and a restore preview.
// Shown on the overview and, for one domain, on the drill-down (`domain` filters).
import { useLedgerQuery } from '@/lib/query/toolbox';
import { fmtExact } from '@/lib/format';
import type { Intent } from '@/lib/ledger/types';
import { RestoreButton } from './RestoreButton';

export const describeIntent = (i: Intent) =>
  i.kind === 'queue-paused' ? `queue ${i.target} paused` : i.kind === 'job-paused' ? `job ${i.target} paused` : `source ${i.ip} disabled for ${i.target}`;

export function DriftList({ domain }: { domain?: string }) {
  const q = useLedgerQuery();
  const drifting = (q.data?.intents ?? []).filter(
    (i) => i.drift && (!domain || i.kind === 'job-paused' || i.target.split('/')[0] === '*' || i.target.split('/')[0]?.toLowerCase() === domain.toLowerCase()),
  );
  if (!drifting.length) return null;
  return (
    <div className="panel" role="alert" data-testid="drift-list">
      <strong>Drift: {drifting.length} console setting(s) no longer in force</strong>
      <ul>
        {drifting.map((i) => (
          <li key={i.id} data-testid="drift-item">
            {i.node}: {describeIntent(i)} by {i.setBy} at {fmtExact(i.setAt)}
            {i.reason ? ` for “${i.reason}”` : ''} (audit #{i.auditId}) — {i.drift!.detail} since {fmtExact(i.drift!.since)}. <em>{i.drift!.cause}</em>{' '}
            <span className="act-control">
              <RestoreButton restore={i.restore} />
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}
