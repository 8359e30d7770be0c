import 'server-only';
// Bounce and complaint rates from the accounting aggregates (lib/accounting/store), per node and
// per domain, vMTA and job over the last hour, with the bounces page's minimum-volume guard
// (accounting.thresholds.minDelivered). Queried after accounting slices, not after every poll.
import type { ConsoleConfig } from '@/lib/config/schema';
import type { AcctDb } from '@/lib/accounting/store/acct-db';
import { queryGroups } from '@/lib/accounting/store/query';
import { globMatch, type AlertRule } from './rules';
import { actionLink } from './links';
import type { Observation } from './observe';

export const ACCOUNTING_KINDS: ReadonlySet<string> = new Set(['bounce-rate', 'complaint-rate']);
const WINDOW_MS = 3_600_000;
const BY = ['domain', 'vmta', 'job'] as const;

export async function observeAccounting(rules: AlertRule[], db: AcctDb, config: ConsoleConfig, now: number): Promise<Observation[]> {
  const active = rules.filter((r) => ACCOUNTING_KINDS.has(r.kind));
  const ingested = config.nodes.filter((n) => config.accounting.nodes[n.id]?.source && config.accounting.nodes[n.id]?.source !== 'off');
  if (!active.length || !ingested.length) return [];
  const out: Observation[] = [];
  for (const n of ingested) {
    for (const by of BY) {
      const rows = await queryGroups(
        db,
        { from: now - WINDOW_MS, node: n.id },
        by,
        { ...config.accounting.thresholds, bounceRatePct: 0, complaintRatePct: 0 },
        200,
      );
      for (const r of active) {
        if (r.filter.node?.length && !r.filter.node.includes(n.id)) continue;
        if (r.filter.tags?.length && !r.filter.tags.some((t) => n.tags.includes(t))) continue;
        const complaint = r.kind === 'complaint-rate';
        for (const g of rows) {
          if (!g.key) continue;
          if (by === 'domain' && r.filter.domain && !globMatch(r.filter.domain, g.key)) continue;
          if (by === 'vmta' && r.filter.vmta && !globMatch(r.filter.vmta, g.key)) continue;
          // bounceWarn/complaintWarn with zero thresholds = "enough volume and some rate".
          const rate = complaint ? g.complaintRate : g.bounceRate;
          const enough = complaint ? g.complaintWarn : g.bounceWarn;
          if (rate === null || !enough) continue;
          const pct = rate * 100;
          const floor = r.threshold * (1 - r.hysteresis);
          if (pct < floor) continue;
          const what = complaint ? `${g.fbl.toLocaleString('en-US')} complaints` : `${(g.bounces + g.remoteBounces).toLocaleString('en-US')} bounces`;
          out.push({
            rule: r,
            labels: { node: n.id, [by]: g.key },
            value: pct,
            fires: pct > r.threshold,
            summary: `${by} ${g.key} on ${n.id}: ${complaint ? 'complaint' : 'bounce'} rate ${pct.toFixed(2)} % in the last hour (${what}, ${g.delivered.toLocaleString('en-US')} delivered)`,
            link: actionLink({ kind: 'bounces', node: n.id, [by]: g.key }),
          });
        }
      }
    }
  }
  return out;
}
