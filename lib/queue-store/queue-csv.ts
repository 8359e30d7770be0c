// CSV of queue rows; cells written by lib/csv.ts (RFC 4180, formula-safe: a remote server's
// error text may start with `=`).
import { csvCell as csvField } from '@/lib/csv';
import type { QueueRow } from './queue-query';

const QUEUE_CSV_COLUMNS = ['node', 'queue', 'domain', 'vmta', 'rcp', 'kb', 'conn', 'mode', 'paused', 'retryTime', 'lastError', 'lastErrorTime'] as const;

export function csvHeader(): string {
  return `${QUEUE_CSV_COLUMNS.join(',')}\r\n`;
}

export function queueCsvLine(r: QueueRow): string {
  const err = r.events.find((e) => e.type === null || e.type === 'error') ?? null;
  return (
    [
      csvField(r.node),
      csvField(r.name),
      csvField(r.domain),
      csvField(r.vmta),
      csvField(r.rcp),
      csvField(r.kb),
      csvField(r.conn),
      csvField(r.mode),
      csvField(r.paused),
      csvField(r.retryTime),
      csvField(err?.text),
      csvField(err?.time),
    ].join(',') + '\r\n'
  );
}
