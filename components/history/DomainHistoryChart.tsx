'use client';
// Domain drill-down: backlog per queue (vMTA @ node) with backoff periods shaded (cut where a
// node had no data), node outages marked and operator actions marked (overlapping ones grouped),
// the delivered rate below, and the actions listed with who/what.
import { useMemo } from 'react';
import { QueryState } from '@/components/ui/QueryState';
import { HistoryChart, annotationText, type ShadedPeriod } from './HistoryChart';
import { useDomainHistoryQuery } from '@/lib/query/history';
import type { Period } from './period';

export function DomainHistoryChart({ domain, period, node, height = 260 }: { domain: string; period: Period; node?: string; height?: number }) {
  const q = useDomainHistoryQuery(domain, period, node);
  const d = q.data;
  const shaded = useMemo<ShadedPeriod[]>(
    () =>
      d
        ? d.backoffPeriods.map((p) => ({
            from: Math.max(p.from, d.from),
            to: p.to ?? d.to,
            label: `${p.queue} @ ${p.node} in backoff${p.reason ? `: ${p.reason}` : ''}`,
          }))
        : [],
    [d],
  );
  const delivered = useMemo(() => (d ? [d.delivered] : []), [d]);
  return (
    <QueryState isPending={q.isPending} error={q.error} what={`history of ${domain}`}>
      {d ? (
        <div data-testid="domain-history">
          <h3>
            Backlog per vMTA <span className="muted">(rcpt)</span>
          </h3>
          <HistoryChart
            series={d.backlog}
            kind="area"
            height={height}
            unit="rcpt"
            shaded={shaded}
            outages={d.outages}
            annotations={d.annotations}
            testId="domain-backlog-history"
          />
          <h3>
            Delivered <span className="muted">(rcpt/min, {d.deliveredSource === 'accounting' ? 'from accounting' : 'net backlog drain'})</span>
          </h3>
          <HistoryChart
            series={delivered}
            height={Math.round(height * 0.6)}
            unit="rcpt/min"
            annotations={d.annotations}
            shaded={shaded}
            outages={d.outages}
            testId="domain-delivered-history"
          />
          {d.annotations.length ? (
            <ul className="muted" data-testid="domain-annotations" style={{ fontSize: 12, margin: '4px 0 0', paddingLeft: 18 }}>
              {d.annotations.map((a, i) => (
                <li key={i} data-testid="domain-annotation">
                  {annotationText(a)}
                </li>
              ))}
            </ul>
          ) : null}
          {shaded.length ? (
            <div className="muted" style={{ fontSize: 12 }} data-testid="domain-backoff-periods">
              Shaded: {shaded.length} backoff period{shaded.length === 1 ? '' : 's'}
            </div>
          ) : null}
        </div>
      ) : null}
    </QueryState>
  );
}
