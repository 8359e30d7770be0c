'use client';
// Where each node's accounting data comes from and how far ingestion has got: file, offset,
// bytes not read yet, newest record, malformed lines with samples, last error.
import type { IngestionStatus } from '@/lib/accounting/store/types';
import { fmtExact, fmtInt, fmtKb } from '@/lib/format';
import { RelativeTime } from '@/components/ui/RelativeTime';
import styles from './Bounces.module.css';

export function IngestionTable({ nodes }: { nodes: IngestionStatus[] }) {
  return (
    <table className="data" data-testid="ingestion">
      <thead>
        <tr>
          <th>Node</th>
          <th>Source</th>
          <th>Current file</th>
          <th className="num" title="How far into the current file ingestion has read, in bytes">Offset (bytes)</th>
          <th className="num" title="Bytes written to the node's files that are not read yet">Behind</th>
          <th>Newest record</th>
          <th>Last poll</th>
          <th className="num">Records</th>
          <th className="num">Malformed</th>
          <th>State</th>
        </tr>
      </thead>
      <tbody>
        {nodes.map((n) => (
          <tr key={n.node} data-testid={`ingest-row-${n.node}`}>
            <td>{n.node}</td>
            <td title={n.where ?? ''}>{n.source}</td>
            <td className="muted">{n.currentFile ?? '–'}</td>
            <td className="num">{fmtInt(n.currentOffset)}</td>
            <td className="num">{n.lagBytes === null ? '–' : fmtKb(n.lagBytes / 1024)}</td>
            <td className="muted">{n.lastRecordAt ? fmtExact(n.lastRecordAt) : '–'}</td>
            <td>
              <RelativeTime at={n.lastPollAt} />
            </td>
            <td className="num" data-testid="ingest-records">{fmtInt(n.records)}</td>
            <td className="num">
              {n.malformed > 0 ? (
                <details>
                  <summary>{fmtInt(n.malformed)}</summary>
                  <pre className={styles.samples}>{n.samples.map((s) => `${s.file}:${s.line} ${s.reason}${s.text === null ? ' (line text shown to admins only)' : `: ${s.text}`}`).join('\n')}</pre>
                </details>
              ) : (
                '0'
              )}
            </td>
            <td>
              {n.source === 'off' ? (
                <span className="badge">off</span>
              ) : n.lastError ? (
                <span className="badge danger" title={n.lastError}>error</span>
              ) : n.running ? (
                <span className="badge ok">following</span>
              ) : (
                <span className="badge warn">stopped</span>
              )}
              {n.resets.length > 0 ? <span className="muted"> · {n.resets.length} file(s) re-read ({n.resets.map((r) => r.reason).join(', ')})</span> : null}
              {n.lastError ? <div className="muted">{n.lastError}</div> : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
