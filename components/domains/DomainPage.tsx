'use client';
import { DriftList } from '@/components/ledger/DriftList';
import { QueueToolbox } from '@/components/sources/QueueToolbox';
import { useMemo, type ReactNode } from 'react';
import { fmtInt, fmtKb } from '@/lib/format';
import { queueTotals } from '@/lib/queue-store/queue-totals';
import { useDomainQuery } from '@/lib/query/queues';
import { DomainHistory } from '@/components/history/HistoryPanels';
import { QueryState } from '@/components/ui/QueryState';
import { useUrlParams } from '@/components/ui/useUrlParams';
import { NodeStale } from '@/components/ui/NodeStale';
import { DomainErrors } from './DomainErrors';
import { DomainQueues } from './DomainQueues';
import { DomainVerdicts } from './DomainVerdicts';
import { NoSuchDomain } from './NoSuchDomain';
import { RecipientEvents } from './RecipientEvents';

interface Props {
  domain: string;
  /** SLOT: the actions panel (components/actions/ActionsPanel) — wired by app/(console)/domains/[domain]/page.tsx. */
  actions?: ReactNode;
  /** SLOT: the domain's bounce panel — wired by app/(console)/domains/[domain]/page.tsx. */
  bounces?: ReactNode;
}

export function DomainPage({ domain, actions, bounces }: Props) {
  const q = useDomainQuery(domain);
  const [sp] = useUrlParams();
  const node = sp.get('node') ?? '';
  const d = q.data;
  const view = useMemo(() => {
    if (!d) return null;
    const on = <T extends { node: string }>(xs: T[]) => (node ? xs.filter((x) => x.node === node) : xs);
    const queues = on(d.queues);
    return { queues, totals: queueTotals(queues), verdicts: on(d.verdicts), errors: on(d.errors) };
  }, [d, node]);
  return (
    <div className="grid">
      <h1>
        {domain} {node ? <span className="muted">on {node}</span> : null} {node ? <NodeStale node={node} /> : null}
      </h1>
      <DriftList domain={domain} />
      <QueryState isPending={q.isPending} error={q.error} what={`the queues of ${domain}`}>
        {d && d.queues.length === 0 ? (
          <NoSuchDomain domain={domain} />
        ) : view ? (
          <>
            <div className="panel row" data-testid="domain-totals">
              <span>
                <strong>{fmtInt(view.totals.queues)}</strong> queues
              </span>
              ·
              <span>
                <strong>{fmtInt(view.totals.rcp)}</strong> rcpt
              </span>
              ·<span>{fmtKb(view.totals.kb)}</span>·<span>{fmtInt(view.totals.conn)} connections</span>·<span>{fmtInt(view.totals.backoff)} in backoff</span>·
              <span>{fmtInt(view.totals.paused)} paused</span>
            </div>
            {/* SLOT (actions): pause/resume/retry for this domain's queues; inserted by the lead. */}
            <p className="phone-only muted" data-testid="phone-read-only">
              Read-only on a phone: open this page on a wider screen to act on these queues.
            </p>
            {actions ? (
              <section className="panel act-control" data-slot="actions">
                {actions}
              </section>
            ) : null}
            <section className="panel">
              <h2>Backing up?</h2>
              <DomainVerdicts verdicts={view.verdicts} domain={domain} />
            </section>
            {/* Backlog per vMTA over time, delivery rate, backoff periods, operator actions, drain ETA — for the picked node too. */}
            <DomainHistory domain={domain} node={node || undefined} />
            <div className="act-control">
              <QueueToolbox queues={view.queues} />
            </div>
            <section className="panel">
              <h2>Queues</h2>
              {view.queues.length ? (
                <DomainQueues queues={view.queues} />
              ) : (
                <p className="muted">
                  No queue of {domain} on {node || 'any node'}.
                </p>
              )}
            </section>
            {view.queues[0] ? (
              <section className="panel">
                <h2>Recipient events</h2>
                <RecipientEvents node={view.queues[0].node} queue={view.queues[0].name} />
              </section>
            ) : null}
            <section className="panel">
              <h2>Last errors</h2>
              <DomainErrors errors={view.errors} />
            </section>
            {/* SLOT (bounces): recent bounces for this domain; inserted by the lead. */}
            {bounces ? (
              <section className="panel" data-slot="bounces">
                {bounces}
              </section>
            ) : null}
          </>
        ) : null}
      </QueryState>
    </div>
  );
}
