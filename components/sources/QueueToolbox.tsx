'use client';
// The drill-down's toolbox for one queue: the settings in force (`show settings`, on demand,
// with the local-throttle hint), its disabled source IPs (/queueDetail), and — for operators —
// disable/enable a source, retry with held 4xx recipients, and (admins) delete, each through
// the toolbox dialog (preview with exact counts, typed confirmation where needed, audit).
import { useState } from 'react';
import { roleAtLeast } from '@/lib/auth/roles';
import { useMeQuery } from '@/lib/query/session';
import { useQueueDetailQuery } from '@/lib/query/queues';
import { useQueueSettingsQuery, type ToolBody } from '@/lib/query/toolbox';
import { QueryState } from '@/components/ui/QueryState';
import { ToolActionDialog } from '@/components/toolbox/ToolActionDialog';

function Settings({ node, queue }: { node: string; queue: string }) {
  const q = useQueueSettingsQuery(node, queue, true);
  return (
    <QueryState isPending={q.isPending} error={q.error} what={`the settings of ${queue}`}>
      {q.data ? (
        <>
          {q.data.localThrottle ? (
            <div className="badge" data-testid="local-throttle">
              {q.data.localThrottle}
            </div>
          ) : null}
          <table className="table" data-testid="queue-settings">
            <tbody>
              {q.data.rows.map((r, i) => (
                <tr key={i}>
                  <td className="muted">{r.section}</td>
                  <td>
                    <code>{r.name}</code>
                  </td>
                  <td>{r.value}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
    </QueryState>
  );
}

export function QueueToolbox({ queues }: { queues: { node: string; name: string }[] }) {
  const [pick, setPick] = useState(0);
  const [showSettings, setShowSettings] = useState(false);
  const [ip, setIp] = useState('');
  const [reenable, setReenable] = useState('');
  const [body, setBody] = useState<ToolBody | null>(null);
  const role = useMeQuery().data?.user.role;
  const q = queues[Math.min(pick, queues.length - 1)];
  const detail = useQueueDetailQuery(q?.node ?? '', q?.name ?? '', q !== undefined);
  if (!q) return null;
  const nodes = [q.node];
  const operator = role !== undefined && roleAtLeast(role, 'operator');
  const sources = detail.data?.queue.disabledSources ?? [];
  return (
    <section className="panel" data-testid="queue-toolbox">
      <h2>Queue toolbox</h2>
      <label>
        Queue{' '}
        <select
          value={pick}
          onChange={(e) => {
            setPick(Number(e.target.value));
            setShowSettings(false);
          }}
          aria-label="Queue for the toolbox"
        >
          {queues.map((x, i) => (
            <option key={`${x.node} ${x.name}`} value={i}>
              {x.node}: {x.name}
            </option>
          ))}
        </select>
      </label>
      <div data-testid="disabled-sources">
        Disabled sources:{' '}
        {sources.length ? (
          sources.map((s) => (
            <span key={s.ip} className="badge" data-testid="disabled-source">
              {s.ip} until {s.until ?? 'enabled again'}{' '}
              {operator ? (
                <button type="button" onClick={() => setBody({ action: 'enable-source', ip: s.ip, pattern: q.name, nodes })}>
                  Enable
                </button>
              ) : null}
            </span>
          ))
        ) : (
          <span className="muted">none</span>
        )}
      </div>
      {operator ? (
        <div className="row">
          <input value={ip} onChange={(e) => setIp(e.target.value.trim())} placeholder="source IP (IPv4 or IPv6)" aria-label="Source IP" />
          <input
            value={reenable}
            onChange={(e) => setReenable(e.target.value.trim())}
            placeholder="re-enable after (e.g. 1h), optional"
            aria-label="Re-enable after"
          />
          <button
            type="button"
            disabled={!ip}
            onClick={() => setBody({ action: 'disable-source', ip, pattern: q.name, reenableAfter: reenable || undefined, nodes })}
            data-testid="disable-source"
          >
            Disable source…
          </button>
          <button type="button" onClick={() => setBody({ action: 'retry-recipients', pattern: q.name, nodes })}>
            Retry incl. held 4xx…
          </button>
          {role === 'admin' ? (
            <button type="button" onClick={() => setBody({ action: 'delete', pattern: q.name, nodes })} data-testid="delete-queue">
              Delete queue…
            </button>
          ) : null}
        </div>
      ) : null}
      {body ? <ToolActionDialog body={body} onClose={() => setBody(null)} /> : null}
      <button type="button" onClick={() => setShowSettings((s) => !s)} data-testid="show-settings">
        {showSettings ? 'Hide settings' : 'Settings in force'}
      </button>
      {showSettings ? <Settings node={q.node} queue={q.name} /> : null}
    </section>
  );
}
