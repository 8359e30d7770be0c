import 'server-only';
// What the rules see after a poll or an accounting slice: one observation per rule and label
// set whose value is at or near its threshold. An active alert missing from the observations
// is clear. Reads only the fleet's snapshots and the ingesters' status (no PowerMTA request).
import type { Fleet, FleetNode } from '@/lib/fleet/fleet';
import type { AccountingIngest } from '@/lib/accounting/ingest/manager';
import { evaluateBackingUp } from '@/lib/read-models/backing-up';
import { nodeTotals } from '@/lib/read-models/views';
import { queueListTruncation } from '@/lib/fleet/list-truncation';
import { globMatch, type AlertRule } from './rules';
import { actionLink } from './links';
import { FLAG_BACKOFF, FLAG_MODE_KNOWN } from '@/lib/queue-store/queue-columns';

/** 1 for each name the glob matches, tried once per distinct name. */
function idsMatching(names: readonly string[], glob: string): Uint8Array {
  const ok = new Uint8Array(names.length);
  for (let i = 0; i < names.length; i++) ok[i] = globMatch(glob, names[i]!) ? 1 : 0;
  return ok;
}

export interface Observation {
  rule: AlertRule;
  labels: Record<string, string>;
  value: number;
  /** At or over the threshold: starts (or keeps) the alert active. */
  fires: boolean;
  summary: string;
  link: string;
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

function nodeSelected(r: AlertRule, n: FleetNode): boolean {
  const f = r.filter;
  if (f.node?.length && !f.node.includes(n.config.id)) return false;
  if (f.tags?.length && !f.tags.some((t) => n.config.tags.includes(t))) return false;
  return true;
}

/**
 * Numeric rules: fire at ≥ threshold, stay active down to threshold × (1 − hysteresis), so a
 * value hovering at the threshold does not flap.
 */
function numeric(r: AlertRule, value: number, labels: Record<string, string>, summary: string, link: string): Observation | null {
  const floor = r.threshold * (1 - r.hysteresis);
  if (value < floor || (r.threshold > 0 && value <= 0)) return null;
  return { rule: r, labels, value, fires: value >= r.threshold, summary, link };
}

export function observe(rules: AlertRule[], fleet: Fleet, accounting: AccountingIngest, now: number): Observation[] {
  const out: Observation[] = [];
  for (const r of rules) {
    for (const n of fleet.nodes) {
      if (!nodeSelected(r, n)) continue;
      const node = n.config.id;
      const s = n.poller.snapshot;
      const h = n.poller.health();
      const nodeLink = actionLink({ kind: 'node', node });
      switch (r.kind) {
        case 'node-down':
          if (h.state === 'down' && h.reason !== 'starting')
            out.push({
              rule: r,
              labels: { node },
              value: h.consecutiveFailures,
              fires: true,
              summary: `${node} is down: ${h.reason ?? 'poll failed'}${h.message ? ` (${h.message})` : ''}, ${h.consecutiveFailures} failed poll(s)`,
              link: nodeLink,
            });
          break;
        case 'node-stale':
          if (h.state === 'stale')
            out.push({ rule: r, labels: { node }, value: 1, fires: true, summary: `${node} is stale: ${h.message ?? 'no fresh data'}`, link: nodeLink });
          break;
        case 'node-truncated': {
          const why = queueListTruncation(s.queues, s.status);
          if (why) out.push({ rule: r, labels: { node }, value: 1, fires: true, summary: `${node}: queue list truncated — ${why}`, link: nodeLink });
          break;
        }
        case 'clock-skew': {
          const skew = Math.abs(s.clock?.skewSeconds ?? 0);
          const o = numeric(r, skew, { node }, `${node}: clock ${s.clock?.label ?? ''} (off by ${fmt(skew)} s)`, nodeLink);
          if (o) out.push(o);
          break;
        }
        case 'spool': {
          const t = nodeTotals(s.status, n);
          const rcp = t?.spool.rcp ?? null;
          const max = t?.spool.maxRcp ?? null;
          if (rcp === null || !max) break;
          const pct = (100 * rcp) / max;
          const o = numeric(r, pct, { node }, `${node}: spool ${pct.toFixed(1)} % full (${fmt(rcp)} of ${fmt(max)} rcpt)`, nodeLink);
          if (o) out.push(o);
          break;
        }
        case 'backoff-queues': {
          const table = s.queues;
          if (!table) break;
          // Counted on the columns (flag bits, name ids; each glob tried once per distinct
          // name): this runs after every poll, and a row object per queue of a 100k-queue
          // node kept the event loop busy for 100+ ms.
          const c = table.columns;
          const domainOk = r.filter.domain ? idsMatching(table.domains, r.filter.domain) : null;
          const vmtaOk = r.filter.vmta ? idsMatching(table.vmtas, r.filter.vmta) : null;
          let count = 0;
          for (let i = 0; i < c.count; i++) {
            if ((c.flags[i]! & (FLAG_MODE_KNOWN | FLAG_BACKOFF)) !== (FLAG_MODE_KNOWN | FLAG_BACKOFF)) continue;
            if (domainOk && !domainOk[c.domainOf[i]!]) continue;
            if (vmtaOk && !vmtaOk[c.vmtaOf[i]!]) continue;
            count++;
          }
          const o = numeric(r, count, { node }, `${node}: ${fmt(count)} queues in backoff`, actionLink({ kind: 'backoff', node }));
          if (o) out.push(o);
          break;
        }
        case 'backing-up':
        case 'backlog':
          observeDomains(r, n, fleet, now, out);
          break;
        case 'ingest-lag': {
          const ing = accounting.ingesters.find((i) => i.node === node);
          if (!ing) break;
          const st = ing.status();
          const behind = st.follower.lagBytes;
          if (st.lastError || behind > r.threshold) {
            out.push({
              rule: r,
              labels: { node },
              value: behind,
              fires: true,
              summary: `${node}: accounting ingestion ${st.lastError ? `failing (${st.lastError})` : `behind by ${fmt(behind)} bytes`}`,
              link: actionLink({ kind: 'bounces', node }),
            });
          }
          break;
        }
      }
    }
  }
  return out;
}

function observeDomains(r: AlertRule, n: FleetNode, fleet: Fleet, now: number, out: Observation[]): void {
  const table = n.poller.snapshot.queues;
  if (!table) return;
  const node = n.config.id;
  const t = fleet.config.backingUp;
  const minRcp = r.kind === 'backlog' ? r.threshold * (1 - r.hysteresis) : t.minRcp;
  const tc = table.domainTotalsColumns();
  for (let k = 0; k < tc.order.length; k++) {
    const id = tc.order[k]!;
    if (tc.rcp[id]! < minRcp) break; // sorted by backlog: nothing smaller can qualify
    const domain = table.domainName(id).toLowerCase();
    if (r.filter.domain && !globMatch(r.filter.domain, domain)) continue;
    const pattern = `${domain}/${r.filter.vmta ?? '*'}`;
    const link = actionLink({ kind: 'pause', node, domain, pattern });
    // The domain's totals answer what they can; rows are materialised only for the domains
    // that still need them (a vMTA filter, or a backing-up verdict), not for every domain
    // over the threshold after every poll.
    if (r.kind === 'backlog' && !r.filter.vmta) {
      const o = numeric(r, tc.rcp[id]!, { node, domain }, `${domain} on ${node}: ${fmt(tc.rcp[id]!)} rcpt queued`, link);
      if (o) out.push(o);
      continue;
    }
    if (r.kind !== 'backlog' && tc.backoff[id] === 0 && tc.paused[id] === 0 && tc.conn[id]! > 0) continue;
    let rows = table.rowsOfDomain(domain).map((i) => table.row(i));
    if (r.filter.vmta) rows = rows.filter((q) => globMatch(r.filter.vmta!, q.vmta));
    if (!rows.length) continue;
    if (r.kind === 'backlog') {
      const rcp = rows.reduce((s, q) => s + (q.rcp ?? 0), 0);
      const o = numeric(r, rcp, { node, domain }, `${domain} on ${node}: ${fmt(rcp)} rcpt queued`, link);
      if (o) out.push(o);
      continue;
    }
    // Every queue in scope paused: an operator has acted (the alert's own link leads there), and
    // the pause's automatic resume hands the domain back to the rule. No alert meanwhile.
    if (rows.every((q) => q.paused === true)) continue;
    const v = evaluateBackingUp(node, domain, fleet.history.domainTrend(node, domain), rows, t, now, n.poller.snapshot.clock);
    if (!v.backingUp) continue;
    out.push({
      rule: r,
      labels: { node, domain },
      value: v.rcp,
      fires: true,
      summary: `${domain} on ${node}: ${fmt(v.rcp)} rcpt, ${v.reasons.join(', ')}`,
      link,
    });
  }
}
