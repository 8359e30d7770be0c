'use client';
import Link from 'next/link';
import { fmtInt, fmtKb } from '@/lib/format';
import { useVmtasQuery } from '@/lib/query/queues';
import { QueryState } from '@/components/ui/QueryState';
import { useUrlParams } from '@/components/ui/useUrlParams';

/** Per-vMTA totals (the same vMTA name on several nodes adds up) with each vMTA's largest domains. */
export function VmtasPage() {
  const [sp] = useUrlParams();
  const node = sp.get('node') || undefined;
  const q = useVmtasQuery(node);
  return (
    <div className="grid">
      <h1>vMTAs {node ? <span className="muted">on {node}</span> : null}</h1>
      <QueryState isPending={q.isPending} error={q.error} what="the vMTA totals">
        <section className="panel">
          <table className="data" data-testid="vmtas-table">
            <thead>
              <tr>
                <th>vMTA</th>
                <th>Nodes</th>
                <th className="num">Queues</th>
                <th className="num">Domains</th>
                <th className="num">Recipients</th>
                <th className="num">Size</th>
                <th className="num">Conn</th>
                <th className="num">Backoff</th>
                <th className="num">Paused</th>
                <th>Top domains</th>
              </tr>
            </thead>
            <tbody>
              {q.data?.vmtas.map((v) => (
                <tr key={v.vmta} data-testid="vmta-row">
                  <td>
                    <Link prefetch={false} href={`/queues?q=${encodeURIComponent(`/${v.vmta}`)}${node ? `&node=${node}` : ''}`}>
                      {v.vmta}
                    </Link>
                  </td>
                  <td className="muted">{v.nodes.join(', ')}</td>
                  <td className="num">{fmtInt(v.queues)}</td>
                  <td className="num">{fmtInt(v.domains)}</td>
                  <td className="num">{fmtInt(v.rcp)}</td>
                  <td className="num">{fmtKb(v.kb)}</td>
                  <td className="num">{fmtInt(v.conn)}</td>
                  <td className="num">{fmtInt(v.backoff)}</td>
                  <td className="num">{fmtInt(v.paused)}</td>
                  <td>
                    {v.topDomains.map((t, i) => (
                      <span key={t.domain}>
                        {i ? ', ' : ''}
                        <Link prefetch={false} href={`/domains/${encodeURIComponent(t.domain)}`}>
                          {t.domain}
                        </Link>{' '}
                        <span className="muted">{fmtInt(t.rcp)}</span>
                      </span>
                    ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {q.data && q.data.vmtas.length === 0 ? <p className="muted">No queues polled yet.</p> : null}
        </section>
      </QueryState>
    </div>
  );
}
