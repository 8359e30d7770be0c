'use client';
// Drain ETA and expiry risk of a domain and each of its queues, at the current net rate.
import type { DrainEstimate } from '@/lib/history/api-types';
import { fmtEta, fmtExact, fmtInt } from '@/lib/format';
import { lifetimeText } from '@/lib/history/drain';
import { QueryState } from '@/components/ui/QueryState';
import { useDrainEtaQuery } from '@/lib/query/history';
import { ShowAllButton, useCollapsed } from '@/components/ui/ShowAll';

/** Queue rows shown before "show all". */
const SHOW_QUEUES = 10;

function Eta({ e }: { e: DrainEstimate }) {
  return (
    <span title={`${e.reason}${e.clearsAt ? ` · clears ${fmtExact(e.clearsAt)}` : ''}`}>
      {e.status === 'unknown' ? '–' : fmtEta(e.etaMs)}
      {e.expiryRisk ? (
        <strong style={{ color: 'var(--danger)', marginLeft: 6 }} data-testid="expiry-risk">
          expiry risk
        </strong>
      ) : null}
    </span>
  );
}

const rate = (e: DrainEstimate) => (e.slopePerMin === null ? '–' : `${e.slopePerMin > 0 ? '+' : ''}${fmtInt(e.slopePerMin)} rcpt/min`);

export function DrainEtaPanel({ domain }: { domain: string }) {
  const q = useDrainEtaQuery(domain);
  const d = q.data;
  const c = useCollapsed(d?.queues ?? [], SHOW_QUEUES);
  return (
    <QueryState isPending={q.isPending} error={q.error} what="drain estimate">
      {d ? (
        <div data-testid="drain-eta">
          <div>
            Drain ETA for <strong>{d.domain}</strong>:{' '}
            <span data-testid="drain-eta-domain">
              <Eta e={d.domainEstimate} />
            </span>{' '}
            <span className="muted">
              ({fmtInt(d.domainEstimate.rcp)} rcpt, net {rate(d.domainEstimate)} over {d.windowMinutes} min; lifetime {fmtEta(d.lifetimeSeconds * 1000)},
              bounce-after {lifetimeText(d.lifetimeSeconds)})
            </span>
          </div>
          {d.queues.length ? (
            <table className="data" style={{ marginTop: 6 }}>
              <thead>
                <tr>
                  <th>Queue</th>
                  <th>Node</th>
                  <th className="num">Backlog (rcpt)</th>
                  <th className="num">Net rate</th>
                  <th>ETA</th>
                  <th title="The queue's own bounce-after when its settings were read on this page, else the configured bounceAfter">Lifetime</th>
                </tr>
              </thead>
              <tbody>
                {c.shown.map((x) => (
                  <tr key={`${x.node}/${x.queue}`} data-testid="drain-eta-queue">
                    <td>{x.queue}</td>
                    <td>{x.node}</td>
                    <td className="num">{fmtInt(x.rcp)}</td>
                    <td className="num">{rate(x)}</td>
                    <td>
                      <Eta e={x} />
                    </td>
                    <td data-testid="drain-eta-lifetime" title={x.lifetimeFrom === 'queue' ? "from the queue's settings" : 'configured bounceAfter'}>
                      {lifetimeText(x.lifetimeSeconds)}
                      {x.lifetimeFrom === 'queue' ? <span className="muted"> (queue)</span> : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
          <ShowAllButton c={c} what="queues" testId="show-all-drain-queues" />
        </div>
      ) : null}
    </QueryState>
  );
}
