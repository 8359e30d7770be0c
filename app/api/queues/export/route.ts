import { apiRoute } from '@/lib/api/route';
import { routes } from '@/lib/api/contracts/registry';
import { queueOrder, queueSources } from '@/lib/api/queue-params';
import { getRuntime } from '@/lib/runtime/current';
import { allQueues } from '@/lib/queue-store/queue-query';
import { csvHeader, queueCsvLine } from '@/lib/queue-store/queue-csv';

const CHUNK = 500;

// GET /api/queues/export – the queue list's current filtered, sorted view as CSV: every
// matching row, not one page. Streams in chunks from one snapshot per node (the tables are
// immutable), so a 100k-queue export is consistent and never held in memory as one string.
export const GET = apiRoute(routes['GET /api/queues/export'], ({ query: p }) => {
  const rows = allQueues(queueSources(getRuntime().fleet, p.node), queueOrder(p));
  const enc = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(c) {
      c.enqueue(enc.encode(csvHeader()));
    },
    pull(c) {
      let out = '';
      for (let k = 0; k < CHUNK; k++) {
        const r = rows.next();
        if (r.done) {
          if (out) c.enqueue(enc.encode(out));
          c.close();
          return;
        }
        out += queueCsvLine(r.value);
      }
      c.enqueue(enc.encode(out));
    },
  });
  const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-');
  return new Response(body, {
    headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="queues-${stamp}.csv"` },
  });
});
