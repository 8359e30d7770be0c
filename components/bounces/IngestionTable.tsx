'use client';
// Where each node's accounting data comes from and how far ingestion has got: file, offset,
// bytes not read yet, newest record, malformed lines with samples, last error; per source (a
// node can follow several file sets and take webhook pushes) which files were seen, how far
// each is read, and what the listing had that was skipped and why.
import type { IngestionStatus, SourceIngestStatus } from '@/lib/accounting/store/types';
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
          <th className="num" title="How far into the current file ingestion has read, in bytes">
            Offset (bytes)
          </th>
          <th className="num" title="Bytes written to the node's files that are not read yet">
            Behind
          </th>
          <th>Newest record</th>
          <th>Last poll</th>
          <th className="num">Records</th>
          <th className="num">Malformed</th>
          <th>Sources</th>
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
            <td className="num" data-testid="ingest-records">
              {fmtInt(n.records)}
            </td>
            <td className="num">
              {n.malformed > 0 ? (
                <details>
                  <summary>{fmtInt(n.malformed)}</summary>
                  <pre className={styles.samples}>
                    {n.samples.map((s) => `${s.file}:${s.line} ${s.reason}${s.text === null ? ' (line text shown to admins only)' : `: ${s.text}`}`).join('\n')}
                  </pre>
                </details>
              ) : (
                '0'
              )}
            </td>
            <td data-testid={`ingest-sources-${n.node}`}>{n.sources.length > 0 ? <SourceList sources={n.sources} /> : '–'}</td>
            <td>
              {n.source === 'off' ? (
                <span className="badge">off</span>
              ) : n.lastError ? (
                <span className="badge danger" title={n.lastError}>
                  error
                </span>
              ) : n.running ? (
                <span className="badge ok">following</span>
              ) : (
                <span className="badge warn">stopped</span>
              )}
              {n.resets.length > 0 ? (
                <span className="muted">
                  {' '}
                  · {n.resets.length} file(s) re-read ({n.resets.map((r) => r.reason).join(', ')})
                </span>
              ) : null}
              {n.lastError ? <div className="muted">{n.lastError}</div> : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function SourceList({ sources }: { sources: SourceIngestStatus[] }) {
  const skipped = sources.reduce((n, s) => n + s.skippedTotal, 0);
  return (
    <details>
      <summary>
        {sources.length} source{sources.length === 1 ? '' : 's'}
        {skipped > 0 ? <span className="muted"> · {fmtInt(skipped)} skipped</span> : null}
      </summary>
      {sources.map((s) => (
        <div key={s.id} data-testid={`ingest-source-${s.id}`}>
          <strong>{s.id}</strong>{' '}
          <span className="muted">
            {s.kind}
            {s.pattern ? ` ${s.pattern}` : ''}
            {s.where ? ` · ${s.where}` : ''}
          </span>
          {s.webhook ? (
            <div className="muted">
              {fmtInt(s.webhook.batches)} batches, {fmtInt(s.webhook.records)} records, {fmtInt(s.webhook.duplicates)} repeats ignored,{' '}
              {fmtInt(s.webhook.rejected)} refused
            </div>
          ) : null}
          {s.behind ? <div className="muted">catching up: {s.lagBytes === null ? '' : fmtKb(s.lagBytes / 1024)} behind</div> : null}
          {s.lastError ? <div className="muted">{s.lastError}</div> : null}
          {s.seen.length > 0 ? (
            <pre className={styles.samples}>{s.seen.map((f) => `${f.name}  ${fmtInt(f.offset)} / ${f.size === null ? '?' : fmtInt(f.size)}`).join('\n')}</pre>
          ) : null}
          {s.skipped.length > 0 ? (
            <pre className={styles.samples} data-testid="ingest-skipped">
              {s.skipped.map((f) => `skipped ${f.name}: ${f.reason}`).join('\n')}
              {s.skippedTotal > s.skipped.length ? `\n… ${fmtInt(s.skippedTotal - s.skipped.length)} more` : ''}
            </pre>
          ) : null}
        </div>
      ))}
    </details>
  );
}
