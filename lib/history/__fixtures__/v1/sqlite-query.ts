// Test oracle only: the v1 layout's queries (see ./sqlite-store.ts).
// Reading series out of the history tables. Every statement aggregates per (key, bucket) and
// returns sums, so a range that spans several resolutions (old rows rolled up, recent rows still
// raw) is answered by running the same statement per segment and adding the results.
import type Database from 'better-sqlite3';
import type { NodeOutage, Point, Series } from '../../api-types';
import { pollOutages } from '../../outages';
import { fillBuckets, subtractSeries, sumSeries } from '../../buckets';
import { METRICS, type DomainGauge, type MetricName } from '../../metrics';
import type { QueryFilters } from '../../store';
import type { QueryPlan } from '../../tiers';
import type { DeliveredSource } from '../../sources';
import { MissingDomainError } from '../../sqlite-query';

type Stmt = (sql: string) => Database.Statement<unknown[]>;
type Acc = Map<string, Map<number, { s: number; w: number }>>;

const BUCKET = '(at / CAST(? AS INTEGER)) * CAST(? AS INTEGER)';
const RANGE = 'res = ? AND at >= ? AND at < ?';
const DEFAULT_TOP = 10;

export class V1HistoryQuery {
  constructor(
    private readonly stmt: Stmt,
    private readonly gapMs: number,
    private readonly delivered?: DeliveredSource,
  ) {}

  /** Run `sql` (with BUCKET first and RANGE after the given leading params) per segment, summing s and w per key and bucket. */
  private collect(plan: QueryPlan, sql: string, extra: unknown[], keyOf: (r: Record<string, unknown>) => string = (r) => String(r.k)): Acc {
    const acc: Acc = new Map();
    for (const seg of plan.segments) {
      const rows = this.stmt(sql).all(plan.step, plan.step, seg.res, seg.from, seg.to, ...extra) as Record<string, unknown>[];
      for (const r of rows) {
        const key = keyOf(r);
        let m = acc.get(key);
        if (!m) acc.set(key, (m = new Map()));
        const b = Number(r.b);
        const cur = m.get(b) ?? { s: 0, w: 0 };
        cur.s += Number(r.s ?? 0);
        cur.w += Number(r.w ?? 0);
        m.set(b, cur);
      }
    }
    return acc;
  }

  private fill(plan: QueryPlan, values: Map<number, number | null>, carry = true): Point[] {
    // Coarser buckets than the gap threshold must still bridge one empty bucket.
    return fillBuckets(values, plan.from, plan.to, plan.step, Math.max(this.gapMs, plan.step), carry);
  }

  private perNode(plan: QueryPlan, acc: Acc, value: (a: { s: number; w: number }) => number | null, filters: QueryFilters, carry = true): Series[] {
    const nodes = [...acc.keys()].sort();
    const each = nodes.map((node) => ({
      key: node,
      label: node,
      node,
      points: this.fill(plan, new Map([...acc.get(node)!].map(([b, a]) => [b, value(a)])), carry),
    }));
    if (filters.node || filters.split === 'node') return each;
    return [{ key: 'fleet', label: 'Fleet', points: each.length ? sumSeries(each.map((e) => e.points)) : this.fill(plan, new Map()) }];
  }

  run(metric: MetricName, filters: QueryFilters, plan: QueryPlan): { series: Series[]; source?: 'accounting' | 'backlog' } {
    const spec = METRICS[metric];
    const nodeClause = filters.node ? ' AND node = ?' : '';
    const nodeArg = filters.node ? [filters.node] : [];
    const domain = filters.domain?.toLowerCase();
    switch (spec.kind) {
      case 'rate':
      case 'count': {
        const c = `d_${spec.counter}`;
        const acc = this.collect(
          plan,
          `SELECT node AS k, ${BUCKET} AS b, SUM(${c}) AS s, SUM(CASE WHEN ${c} IS NULL THEN NULL ELSE dt END) AS w FROM hist_node WHERE ${RANGE}${nodeClause} GROUP BY node, b`,
          nodeArg,
        );
        if (spec.kind === 'count') return { series: this.perNode(plan, acc, (a) => a.s, filters, false) };
        return { series: this.perNode(plan, acc, (a) => (a.w > 0 ? (a.s / a.w) * 60_000 : null), filters) };
      }
      case 'node': {
        const g = `g_${spec.gauge}`;
        const acc = this.collect(
          plan,
          `SELECT node AS k, ${BUCKET} AS b, SUM(${g} * n) AS s, SUM(CASE WHEN ${g} IS NULL THEN NULL ELSE n END) AS w FROM hist_node WHERE ${RANGE}${nodeClause} GROUP BY node, b`,
          nodeArg,
        );
        return { series: this.perNode(plan, acc, (a) => (a.w > 0 ? a.s / a.w : null), filters) };
      }
      case 'domain':
        return { series: domain ? [this.domainSeries(plan, spec.gauge, domain, filters)] : this.topDomains(plan, spec.gauge, filters) };
      case 'queue':
        return { series: this.queueSeries(plan, spec.gauge, requireDomain(domain), filters) };
      case 'drain':
        return { series: [{ ...this.drainSeries(plan, requireDomain(domain), filters), key: 'drain', label: 'Net drain (rcpt/min)' }] };
      case 'delivered':
        return this.deliveredSeries(plan, requireDomain(domain), filters);
    }
  }

  /** Periods without a successful poll per node (lib/history/outages.ts), from the poll rows. */
  outages(plan: QueryPlan, filters: QueryFilters, now: number): NodeOutage[] {
    const polled = new Map([...this.polls(plan, filters)].map(([node, m]) => [node, [...m.keys()]]));
    return pollOutages({ polledBuckets: polled, step: plan.step, gapMs: this.gapMs, to: plan.to, now });
  }

  private polls(plan: QueryPlan, filters: QueryFilters): Acc {
    return this.collect(
      plan,
      `SELECT node AS k, ${BUCKET} AS b, SUM(n) AS s FROM hist_poll WHERE ${RANGE}${filters.node ? ' AND node = ?' : ''} GROUP BY node, b`,
      filters.node ? [filters.node] : [],
    );
  }

  /** Σ(value·n) per node and bucket → average over every poll of the bucket (absent = 0), summed over nodes. */
  private averagedOverPolls(plan: QueryPlan, sums: Acc, polls: Acc): Point[] {
    const per = this.perNodeAveraged(plan, sums, polls);
    return per.length ? sumSeries(per) : this.fill(plan, new Map());
  }

  /** The same, one series per node: null where the node was not polled (down, not yet added). */
  private perNodeAveraged(plan: QueryPlan, sums: Acc, polls: Acc): Point[][] {
    return [...polls].map(([node, pm]) => {
      const vm = sums.get(node);
      return this.fill(plan, new Map([...pm].map(([b, p]) => [b, p.s > 0 ? (vm?.get(b)?.s ?? 0) / p.s : null])));
    });
  }

  private domainBacklogPerNode(plan: QueryPlan, domain: string, filters: QueryFilters): Point[][] {
    const sums = this.collect(
      plan,
      `SELECT node AS k, ${BUCKET} AS b, SUM(rcp * n) AS s FROM hist_domain WHERE ${RANGE} AND domain = ?${filters.node ? ' AND node = ?' : ''} GROUP BY node, b`,
      [domain, ...(filters.node ? [filters.node] : [])],
    );
    return this.perNodeAveraged(plan, sums, this.polls(plan, filters));
  }

  private domainSeries(plan: QueryPlan, gauge: DomainGauge, domain: string, filters: QueryFilters): Series {
    const nodeClause = filters.node ? ' AND node = ?' : '';
    const sums = this.collect(
      plan,
      `SELECT node AS k, ${BUCKET} AS b, SUM(${gauge} * n) AS s FROM hist_domain WHERE ${RANGE} AND domain = ?${nodeClause} GROUP BY node, b`,
      [domain, ...(filters.node ? [filters.node] : [])],
    );
    return { key: domain, label: domain, domain, points: this.averagedOverPolls(plan, sums, this.polls(plan, filters)) };
  }

  private topDomains(plan: QueryPlan, gauge: DomainGauge, filters: QueryFilters): Series[] {
    const nodeClause = filters.node ? ' AND node = ?' : '';
    const nodeArg = filters.node ? [filters.node] : [];
    // Ranking needs no buckets: the two bucket parameters collect() binds are multiplied away.
    const byDomain = this.collect(
      plan,
      `SELECT domain AS k, 0 * CAST(? AS INTEGER) * CAST(? AS INTEGER) AS b, SUM(${gauge} * n) AS s FROM hist_domain WHERE ${RANGE}${nodeClause} AND domain <> '(other)' GROUP BY domain`,
      nodeArg,
    );
    const top = [...byDomain]
      .map(([d, m]) => ({ d, s: m.get(0)?.s ?? 0 }))
      .filter((x) => x.s > 0)
      .sort((a, b) => b.s - a.s || a.d.localeCompare(b.d))
      .slice(0, filters.top ?? DEFAULT_TOP)
      .map((x) => x.d);
    const polls = this.polls(plan, filters);
    const series: Series[] = top.map((d) => this.domainSeries(plan, gauge, d, filters));
    const totals = this.collect(
      plan,
      `SELECT node AS k, ${BUCKET} AS b, SUM(${gauge} * n) AS s FROM hist_domain WHERE ${RANGE}${nodeClause} GROUP BY node, b`,
      nodeArg,
    );
    const all = this.averagedOverPolls(plan, totals, polls);
    const other = series.length ? subtractSeries(all, sumSeries(series.map((s) => s.points))) : all;
    if (other.some(([, v]) => v !== null && v > 0)) series.push({ key: 'other', label: 'Other domains', points: other });
    return series;
  }

  private queueSeries(plan: QueryPlan, gauge: DomainGauge, domain: string, filters: QueryFilters): Series[] {
    const acc = this.collect(
      plan,
      `SELECT node, vmta, ${BUCKET} AS b, SUM(${gauge} * n) AS s, SUM(n) AS w FROM hist_queue WHERE ${RANGE} AND domain = ?${filters.node ? ' AND node = ?' : ''} GROUP BY node, vmta, b`,
      [domain, ...(filters.node ? [filters.node] : [])],
      (r) => `${String(r.node)}/${String(r.vmta)}`,
    );
    const ranked = [...acc]
      .map(([key, m]) => ({ key, m, total: [...m.values()].reduce((t, a) => t + a.s, 0) }))
      .sort((a, b) => b.total - a.total || a.key.localeCompare(b.key));
    const limit = filters.top ?? DEFAULT_TOP;
    const toSeries = (x: (typeof ranked)[number]): Series => {
      const [node, ...rest] = x.key.split('/');
      const vmta = rest.join('/');
      return {
        key: x.key,
        label: `${vmta} @ ${node}`,
        node,
        domain,
        vmta,
        points: this.fill(plan, new Map([...x.m].map(([b, a]) => [b, a.w > 0 ? a.s / a.w : null]))),
      };
    };
    const series = ranked.slice(0, limit).map(toSeries);
    const rest = ranked.slice(limit).map(toSeries);
    if (rest.length) series.push({ key: 'other', label: `${rest.length} other queues`, domain, points: sumSeries(rest.map((s) => s.points)) });
    return series;
  }

  /**
   * Net drain per node, then summed: a node that stops answering leaves a gap in its own series
   * instead of its whole backlog vanishing from a fleet sum, which would read as that many
   * recipients delivered in one bucket. A bucket is null only when no node has two samples.
   */
  private drainSeries(plan: QueryPlan, domain: string, filters: QueryFilters): Series {
    const perNode = this.domainBacklogPerNode(plan, domain, filters).map((backlog) =>
      backlog.map(([t, v], i): Point => {
        const prev = i > 0 ? backlog[i - 1]![1] : null;
        return [t, v === null || prev === null ? null : ((prev - v) / plan.step) * 60_000];
      }),
    );
    const points = perNode.length ? sumSeries(perNode) : this.fill(plan, new Map());
    return { key: domain, label: domain, domain, points };
  }

  private deliveredSeries(plan: QueryPlan, domain: string, filters: QueryFilters): { series: Series[]; source: 'accounting' | 'backlog' } {
    // The v1 fixture is read without an accounting source (a synchronous one if any).
    const counts = (this.delivered?.({ domain, from: plan.from, to: plan.to, step: plan.step }) ?? null) as Map<number, number> | null;
    if (counts) {
      const points = this.fill(plan, new Map([...counts].map(([b, n]) => [b, (n / plan.step) * 60_000])), false);
      return { source: 'accounting', series: [{ key: 'delivered', label: 'Delivered (rcpt/min, accounting)', domain, points }] };
    }
    const drain = this.drainSeries(plan, domain, filters).points.map(([t, v]): Point => [t, v === null ? null : Math.max(0, v)]);
    return { source: 'backlog', series: [{ key: 'delivered', label: 'Delivered (rcpt/min, from backlog)', domain, points: drain }] };
  }
}

function requireDomain(domain: string | undefined): string {
  if (!domain) throw new MissingDomainError();
  return domain;
}
