'use client';
import { RangeSelect } from '@/components/bounces/RangeSelect';
// Sending IPs (accounting dlvSourceIp): delivered, deferred, bounced by class, per provider
// group and over time, with the vMTAs each IP was seen sending for; and every source IP the
// nodes report disabled per queue (`show disabled sources`), with enable for operators.
import Link from 'next/link';
import { Fragment, useState } from 'react';
import { fmtInt } from '@/lib/format';
import { useDisabledSourcesQuery, useSourcesQuery } from '@/lib/query/sources';
import { useActDenial } from '@/lib/query/session';
import type { ToolBody } from '@/lib/query/toolbox';
import { QueryState } from '@/components/ui/QueryState';
import { ToolActionDialog } from '@/components/toolbox/ToolActionDialog';
import { useBounceView } from '@/components/bounces/BounceFilters';
import { rangeCaption } from '@/components/bounces/bounce-view';
import { SourceIpChart } from './SourceIpChart';

const PROVIDER_LABELS: Record<string, string> = { gmail: 'Gmail', microsoft: 'Microsoft', yahoo: 'Yahoo', apple: 'Apple', other: 'Other' };

function DisabledSources({ canAct, onAct }: { canAct: boolean; onAct: (b: ToolBody) => void }) {
  const q = useDisabledSourcesQuery();
  return (
    <QueryState isPending={q.isPending} error={q.error} what="the disabled sources">
      {q.data ? (
        <>
          {q.data.failed.length ? <div className="muted">Not answering: {q.data.failed.map((f) => `${f.node} (${f.error})`).join(', ')}</div> : null}
          {q.data.sources.length === 0 ? (
            <p className="muted" data-testid="no-disabled-sources">
              No node reports a disabled source.
            </p>
          ) : (
            <table className="data" data-testid="disabled-sources">
              <thead>
                <tr>
                  <th>Node</th>
                  <th>Queue</th>
                  <th>Source IP</th>
                  <th>Re-enabled at (node time)</th>
                  {canAct ? <th /> : null}
                </tr>
              </thead>
              <tbody>
                {q.data.sources.map((s) => (
                  <tr key={`${s.node} ${s.queue} ${s.ip}`} data-testid="disabled-source-row">
                    <td>{s.node}</td>
                    <td>
                      <Link prefetch={false} href={`/domains/${encodeURIComponent(s.queue.split('/')[0]!.toLowerCase())}`}>
                        {s.queue}
                      </Link>
                    </td>
                    <td>
                      <code>{s.ip}</code>
                    </td>
                    <td className="muted">{s.until ?? 'until enabled'}</td>
                    {canAct ? (
                      <td>
                        <button type="button" onClick={() => onAct({ action: 'enable-source', ip: s.ip, pattern: s.queue, nodes: [s.node] })}>
                          Enable
                        </button>
                      </td>
                    ) : null}
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      ) : null}
    </QueryState>
  );
}

export function SourcesPage() {
  const [view, set] = useBounceView();
  const q = useSourcesQuery(view);
  const canAct = !useActDenial().denial;
  const [body, setBody] = useState<ToolBody | null>(null);
  const d = q.data;
  return (
    <div className="grid">
      <h1>Source IPs</h1>
      <div className="row">
        <RangeSelect range={view.range} onChange={(range) => set({ range })} testId="source-range" />
        {d ? <span className="muted">{rangeCaption(view, d.generatedAt)} · hourly, from the accounting records (dlvSourceIp)</span> : null}
      </div>
      {body ? <ToolActionDialog body={body} onClose={() => setBody(null)} /> : null}
      <QueryState isPending={q.isPending} error={q.error} what="the source IPs">
        {d ? (
          <>
            <section className="panel">
              <h2>Over time</h2>
              <SourceIpChart r={d} />
            </section>
            <section className="panel">
              <h2>Per IP and provider</h2>
              {d.ips.length === 0 ? (
                <p className="muted">No delivery records with a source IP in this range.</p>
              ) : (
                <table className="data" data-testid="source-ips">
                  <thead>
                    <tr>
                      <th>Source IP / provider</th>
                      <th>vMTA (node)</th>
                      <th className="num">Delivered</th>
                      <th className="num">Deferred</th>
                      <th className="num">Bounced</th>
                      <th className="num">Hard</th>
                      <th className="num">Soft</th>
                      <th className="num">Policy</th>
                      <th className="num">Unknown</th>
                    </tr>
                  </thead>
                  <tbody>
                    {d.ips.map((ip) => (
                      <Fragment key={ip.ip}>
                        <tr data-testid="source-ip-row" data-ip={ip.ip}>
                          <td>
                            <strong>
                              <code>{ip.ip}</code>
                            </strong>
                          </td>
                          <td>{ip.vmtas.map((v) => `${v.vmta} (${v.node})`).join(', ') || <span className="muted">–</span>}</td>
                          <td className="num">{fmtInt(ip.delivered)}</td>
                          <td className="num">{fmtInt(ip.deferred)}</td>
                          <td className="num">{fmtInt(ip.bounces)}</td>
                          <td className="num">{fmtInt(ip.hard)}</td>
                          <td className="num">{fmtInt(ip.soft)}</td>
                          <td className="num">{fmtInt(ip.custom)}</td>
                          <td className="num">{fmtInt(ip.unknown)}</td>
                        </tr>
                        {ip.byProvider.map((p) => (
                          <tr key={`${ip.ip} ${p.provider}`} className="muted" data-testid="source-provider-row">
                            <td style={{ paddingLeft: 24 }}>{PROVIDER_LABELS[p.provider] ?? p.provider}</td>
                            <td />
                            <td className="num">{fmtInt(p.delivered)}</td>
                            <td className="num">{fmtInt(p.deferred)}</td>
                            <td className="num">{fmtInt(p.bounces)}</td>
                            <td className="num">{fmtInt(p.hard)}</td>
                            <td className="num">{fmtInt(p.soft)}</td>
                            <td className="num">{fmtInt(p.custom)}</td>
                            <td className="num">{fmtInt(p.unknown)}</td>
                          </tr>
                        ))}
                      </Fragment>
                    ))}
                  </tbody>
                </table>
              )}
            </section>
          </>
        ) : null}
      </QueryState>
      <section className="panel">
        <h2>Disabled sources per queue</h2>
        <DisabledSources canAct={canAct} onAct={setBody} />
      </section>
    </div>
  );
}
