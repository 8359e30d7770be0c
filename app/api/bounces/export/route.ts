import { apiRoute } from '@/lib/api/route';
import { routes } from '@/lib/api/contracts/registry';
import { getRuntime } from '@/lib/runtime/current';
import { bouncesCsv } from '@/lib/accounting/store/export';

// GET /api/bounces/export?by=domain|vmta|node|job|category|hour&from=&to=&node=&domain=&vmta=&job=
// – the bounce aggregates as CSV, grouped one way, with rates and threshold flags.
export const GET = apiRoute(routes['GET /api/bounces/export'], async ({ query }) => {
  const { by, ...filter } = query;
  const { config, store } = getRuntime().accounting;
  const csv = await bouncesCsv(store, filter, by, config.accounting.thresholds);
  const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-');
  return new Response(csv, {
    headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="bounces-by-${by}-${stamp}.csv"` },
  });
});
