'use client';
// Alerts: firing first, then pending, silenced and the resolved history (filters in the URL);
// each with its rule, labels, since, summary and a link to the place to act (the action is
// pre-filled there, never performed from here). Operators acknowledge and silence; both are
// audited. Delivery attempts per receiver show whether notifications reached people.
import Link from 'next/link';
import { useState } from 'react';
import { useAckMutation, useAlertsQuery, useSilenceMutation, useUnsilenceMutation } from '@/lib/query/alerts';
import { useActDenial } from '@/lib/query/session';
import { QueryState } from '@/components/ui/QueryState';
import { useUrlParams } from '@/components/ui/useUrlParams';
import { fmtExact } from '@/lib/format';
import { RelativeTime } from '@/components/ui/RelativeTime';
import { alertsQuery } from './alerts-view';
import { BrowserNotifications } from './BrowserNotifications';

const DURATIONS: [string, number][] = [
  ['1 h', 3600],
  ['4 h', 14_400],
  ['24 h', 86_400],
  ['7 d', 604_800],
];

function SilenceForm({ denial }: { denial: string | null }) {
  const [rule, setRule] = useState('');
  const [node, setNode] = useState('');
  const [domain, setDomain] = useState('');
  const [duration, setDuration] = useState(3600);
  const [reason, setReason] = useState('');
  const m = useSilenceMutation();
  const matchers = [
    ['rule', rule],
    ['node', node],
    ['domain', domain],
  ]
    .filter(([, v]) => v!.trim())
    .map(([label, value]) => ({ label: label!, value: value!.trim() }));
  const can = !denial && matchers.length > 0 && reason.trim().length > 0 && !m.isPending;
  return (
    <form
      className="panel row"
      data-testid="silence-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (can) m.mutate({ matchers, durationSeconds: duration, reason: reason.trim() }, { onSuccess: () => setReason('') });
      }}
    >
      <strong>Silence</strong>
      <label>
        Rule <input value={rule} onChange={(e) => setRule(e.target.value)} placeholder="any" aria-label="Silence rule" />
      </label>
      <label>
        Node <input value={node} onChange={(e) => setNode(e.target.value)} placeholder="any" aria-label="Silence node" />
      </label>
      <label>
        Domain (glob) <input value={domain} onChange={(e) => setDomain(e.target.value)} placeholder="e.g. gmail.com or *.example" aria-label="Silence domain" />
      </label>
      <label>
        For{' '}
        <select value={duration} onChange={(e) => setDuration(Number(e.target.value))} aria-label="Silence duration">
          {DURATIONS.map(([l, s]) => (
            <option key={s} value={s}>
              {l}
            </option>
          ))}
        </select>
      </label>
      <label>
        Reason <input value={reason} onChange={(e) => setReason(e.target.value)} aria-label="Silence reason" required />
      </label>
      <button type="submit" disabled={!can} title={denial ?? ''}>
        Silence
      </button>
    </form>
  );
}

export function AlertsPage() {
  const [params, set] = useUrlParams();
  const query = alertsQuery(params);
  const q = useAlertsQuery(query);
  const { denial } = useActDenial();
  const ack = useAckMutation();
  const unsilence = useUnsilenceMutation();
  const d = q.data;
  return (
    <div className="grid">
      <div className="row" style={{ justifyContent: 'space-between' }}>
        <h1 style={{ margin: 0 }}>Alerts</h1>
        <BrowserNotifications />
      </div>
      {d ? (
        <div className="row" data-testid="alert-counts">
          <span className="badge danger">{d.counts.firing} firing</span>
          <span className="badge warn">{d.counts.pending} pending</span>
          <span className="badge">{d.counts.silenced} silenced</span>
        </div>
      ) : null}
      <div className="panel row">
        <label>
          State{' '}
          <select value={(query.state as string | undefined) ?? ''} onChange={(e) => set({ state: e.target.value })} aria-label="Filter by state">
            <option value="">all</option>
            <option value="firing">firing</option>
            <option value="pending">pending</option>
            <option value="silenced">silenced</option>
            <option value="resolved">resolved</option>
          </select>
        </label>
        <label>
          Rule <input value={params.get('rule') ?? ''} onChange={(e) => set({ rule: e.target.value.trim() })} placeholder="any" aria-label="Filter by rule" />
        </label>
        <label>
          Node <input value={params.get('node') ?? ''} onChange={(e) => set({ node: e.target.value.trim() })} placeholder="any" aria-label="Filter by node" />
        </label>
        <label>
          Domain{' '}
          <input value={params.get('domain') ?? ''} onChange={(e) => set({ domain: e.target.value.trim() })} placeholder="any" aria-label="Filter by domain" />
        </label>
      </div>
      <QueryState isPending={q.isPending} error={q.error} what="the alerts">
        {d ? (
          <>
            <div className="panel">
              <table data-testid="alerts-table">
                <thead>
                  <tr>
                    <th>State</th>
                    <th>Rule</th>
                    <th>Labels</th>
                    <th>Since</th>
                    <th>Summary</th>
                    <th />
                  </tr>
                </thead>
                <tbody>
                  {d.alerts.length === 0 ? (
                    <tr>
                      <td colSpan={6} className="muted">
                        No alerts.
                      </td>
                    </tr>
                  ) : null}
                  {d.alerts.map((a) => (
                    <tr key={a.id} data-testid="alert-row" data-rule={a.rule} data-state={a.state}>
                      <td>
                        <span className={`badge ${a.state === 'firing' ? 'danger' : a.state === 'pending' ? 'warn' : 'ok'}`}>{a.state}</span>
                        {a.silencedBy !== null ? (
                          <span className="badge" data-testid="silenced">
                            {' '}
                            silenced #{a.silencedBy}
                          </span>
                        ) : null}
                        {a.ackedBy ? (
                          <span className="badge" title={fmtExact(a.ackedAt)}>
                            {' '}
                            ack: {a.ackedBy}
                          </span>
                        ) : null}
                      </td>
                      <td>
                        {a.rule} <span className="muted">({a.severity})</span>
                      </td>
                      <td>
                        {Object.entries(a.labels).map(([k, v]) => (
                          <code key={k} style={{ marginRight: 4 }}>
                            {k}={v}
                          </code>
                        ))}
                      </td>
                      <td title={fmtExact(a.firingSince ?? a.since)}>
                        <RelativeTime at={a.firingSince ?? a.since} />
                        {a.resolvedAt ? (
                          <span className="muted">
                            {' '}
                            · resolved <RelativeTime at={a.resolvedAt} />
                          </span>
                        ) : null}
                      </td>
                      <td>{a.summary}</td>
                      <td className="row">
                        {a.state !== 'resolved' ? (
                          <Link href={a.link} data-testid="alert-act">
                            Act…
                          </Link>
                        ) : null}
                        {a.state !== 'resolved' && !a.ackedBy ? (
                          <button type="button" disabled={!!denial || ack.isPending} title={denial ?? ''} onClick={() => ack.mutate(a.id)}>
                            Acknowledge
                          </button>
                        ) : null}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <SilenceForm denial={denial} />
            {d.silences.length ? (
              <div className="panel">
                <h2>Silences</h2>
                <table data-testid="silences-table">
                  <thead>
                    <tr>
                      <th>#</th>
                      <th>Matchers</th>
                      <th>Until</th>
                      <th>By</th>
                      <th>Reason</th>
                      <th />
                    </tr>
                  </thead>
                  <tbody>
                    {d.silences.map((s) => (
                      <tr key={s.id}>
                        <td>{s.id}</td>
                        <td>
                          {s.matchers.map((m) => (
                            <code key={m.label} style={{ marginRight: 4 }}>
                              {m.label}={m.value}
                            </code>
                          ))}
                        </td>
                        <td>
                          {fmtExact(s.endsAt)}
                          {s.active ? null : <span className="muted"> (ended)</span>}
                        </td>
                        <td>{s.createdBy}</td>
                        <td>{s.reason}</td>
                        <td>
                          {s.active ? (
                            <button type="button" disabled={!!denial || unsilence.isPending} onClick={() => unsilence.mutate(s.id)}>
                              End
                            </button>
                          ) : null}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            ) : null}
            <div className="panel">
              <h2>Receivers and deliveries</h2>
              {d.receivers.length === 0 ? (
                <div className="muted">No receivers configured (alerts.receivers): alerts show here only.</div>
              ) : (
                <div className="row">
                  {d.receivers.map((r) => (
                    <span key={r.name} className="badge">
                      {r.name} ({r.type}){r.queued ? ` · ${r.queued} queued` : ''}
                    </span>
                  ))}
                </div>
              )}
              {d.deliveries.length ? (
                <table data-testid="deliveries-table">
                  <thead>
                    <tr>
                      <th>At</th>
                      <th>Receiver</th>
                      <th>Target</th>
                      <th>Attempt</th>
                      <th>Result</th>
                    </tr>
                  </thead>
                  <tbody>
                    {d.deliveries.map((x, i) => (
                      <tr key={`${x.at}-${i}`}>
                        <td>{fmtExact(x.at)}</td>
                        <td>{x.receiver}</td>
                        <td>
                          <code>{x.target}</code>
                        </td>
                        <td>{x.attempt}</td>
                        <td>
                          <span className={`badge ${x.ok ? 'ok' : 'danger'}`}>{x.ok ? 'sent' : 'failed'}</span> {x.detail}{' '}
                          <span className="muted">
                            ({x.alerts} alert{x.alerts === 1 ? '' : 's'})
                          </span>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              ) : null}
            </div>
            <details className="panel">
              <summary>Rules ({d.rules.length})</summary>
              <table>
                <thead>
                  <tr>
                    <th>Rule</th>
                    <th>Kind</th>
                    <th>Severity</th>
                    <th>For</th>
                    <th>Threshold</th>
                    <th>What</th>
                  </tr>
                </thead>
                <tbody>
                  {d.rules.map((r) => (
                    <tr key={r.name}>
                      <td>
                        {r.name}
                        {r.builtIn ? '' : ' (custom)'}
                      </td>
                      <td>{r.kind}</td>
                      <td>{r.severity}</td>
                      <td>{r.forSeconds} s</td>
                      <td>{r.threshold}</td>
                      <td>{r.description}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <a href="/api/alerts/rules.yaml">rules.yaml for Prometheus</a>
            </details>
          </>
        ) : null}
      </QueryState>
    </div>
  );
}
