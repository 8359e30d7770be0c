import 'server-only';
// Reading series out of the history tables, on both backends (the SQLite store runs these
// statements prepared and synchronously, the PostgreSQL one through the pool; `?` marks become
// `$n` there). Every statement aggregates per (key, bucket) and returns sums, so a range that
// spans several resolutions (old rows rolled up, recent rows still raw) is answered by running
// the same statement per segment and adding the results.
import type { NodeOutage, Point, Series } from './api-types';
import { pollOutages } from './outages';
import { fillBuckets, subtractSeries, sumSeries } from './buckets';
import { METRICS, type DomainGauge, type MetricName } from './metrics';
import type { QueryFilters, QueryResult } from './store';
import type { QueryPlan } from './tiers';
import type { DeliveredSource } from './sources';
import { DomainError } from '@/lib/domain-error';

type Row = Record<string, unknown>;
/** Runs one statement with `?` parameters. */
export type QueryRows = (sql: string, params: unknown[]) => Row[] | Promise<Row[]>;
type Acc = Map<string, Map<number, { s: number; w: number }>>;

const BUCKET = '(at / CAST(? AS INTEGER)) * CAST(? AS INTEGER)';
const RANGE = 'res = ? AND at >= ? AND at < ?';
const DEFAULT_TOP = 10;
const NAME_ID = '(SELECT id FROM hist_name WHERE name = ?)';

/** How domain and queue rows (alias `d` / `q`) are joined to their poll row `p`, per backend. */
export interface RowJoins {
  domainRows: string;
  queueRows: string;
  /** The bucket and range over the joined rows (same parameters as BUCKET / RANGE). */
  bucket: (alias: 'd' | 'q') => string;
  range: (alias: 'd' | 'q') => string;
}

/**
 * SQLite (schema v2): domain and queue rows hang off their poll row; `res`, `at` and `node` are
 * the poll's, names are ids in hist_name. One primary-key seek per poll finds one domain's row.
 */
export const SQLITE_JOINS: RowJoins = {
  domainRows: 'hist_poll p JOIN hist_domain d ON d.poll = p.id',
  queueRows: 'hist_poll p JOIN hist_queue q ON q.poll = p.id',
  bucket: () => BUCKET,
  range: () => RANGE,
};

/**
 * PostgreSQL (pg-schema.ts): the rows carry their poll's `res` and `at` (the partition key),
 * and the range is given on them so only the partitions of the range are read.
 */
export const PG_JOINS: RowJoins = {
  domainRows: 'hist_domain d JOIN hist_poll p ON p.id = d.poll AND p.res = d.res AND p.at = d.at',
  queueRows: 'hist_queue q JOIN hist_poll p ON p.id = q.poll AND p.res = q.res AND p.at = q.at',
  bucket: (a) => `(${a}.at / CAST(? AS INTEGER)) * CAST(? AS INTEGER)`,
  range: (a) => `${a}.res = ? AND ${a}.at >= ? AND ${a}.at < ?`,
};

export class HistoryQuery {
  constructor(
    private readonly rows: QueryRows,
    private readonly gapMs: number,
    private readonly delivered?: DeliveredSource,
    private readonly j: RowJoins = SQLITE_JOINS,
  ) {}

  /** Run `sql` (with BUCKET first and RANGE after the given leading params) per segment, summing s and w per key and bucket. */
  private async collect(plan: QueryPlan, sql: string, extra: unknown[], keyOf: (r: Row) => string = (r) => String(r.k)): Promise<Acc> {
    const acc: Acc = new Map();
    for (const seg of plan.segments) {
      const rows = await this.rows(sql, [plan.step, plan.step, seg.res, seg.from, seg.to, ...extra]);
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
    return fillBuckets(values, plan.from, plan.to, plan.step, Math.max(this.gapMs, plan.step), carry, plan.openAt);
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

  async run(metric: MetricName, filters: QueryFilters, plan: QueryPlan): Promise<{ series: Series[]; source?: 'accounting' | 'backlog' }> {
    const spec = METRICS[metric];
    const nodeClause = filters.node ? ' AND node = ?' : '';
    const nodeArg = filters.node ? [filters.node] : [];
    const domain = filters.domain?.toLowerCase();
    switch (spec.kind) {
      case 'rate':
      case 'count': {
        const c = `d_${spec.counter}`;
        const acc = await this.collect(
          plan,
          `SELECT node AS k, ${BUCKET} AS b, SUM(${c}) AS s, SUM(CASE WHEN ${c} IS NULL THEN NULL ELSE dt END) AS w FROM hist_node WHERE ${RANGE}${nodeClause} GROUP BY node, b`,
          nodeArg,
        );
        if (spec.kind === 'count') return { series: this.perNode(plan, acc, (a) => a.s, filters, false) };
        return { series: this.perNode(plan, acc, (a) => (a.w > 0 ? (a.s / a.w) * 60_000 : null), filters) };
      }
      case 'node': {
        const g = `g_${spec.gauge}`;
        const acc = await this.collect(
          plan,
          `SELECT node AS k, ${BUCKET} AS b, SUM(${g} * n) AS s, SUM(CASE WHEN ${g} IS NULL THEN NULL ELSE n END) AS w FROM hist_node WHERE ${RANGE}${nodeClause} GROUP BY node, b`,
          nodeArg,
        );
        return { series: this.perNode(plan, acc, (a) => (a.w > 0 ? a.s / a.w : null), filters) };
      }
      case 'domain':
        return { series: domain ? [await this.domainSeries(plan, spec.gauge, domain, filters)] : await this.topDomains(plan, spec.gauge, filters) };
      case 'queue':
        return { series: await this.queueSeries(plan, spec.gauge, requireDomain(domain), filters) };
      case 'drain':
        return { series: [{ ...(await this.drainSeries(plan, requireDomain(domain), filters)), key: 'drain', label: 'Net drain (rcpt/min)' }] };
      case 'delivered':
        return this.deliveredSeries(plan, requireDomain(domain), filters);
    }
  }

  /** Periods without a successful poll per node (lib/history/outages.ts), from the poll rows. */
  async outages(plan: QueryPlan, filters: QueryFilters, now: number): Promise<NodeOutage[]> {
    const polled = new Map([...(await this.polls(plan, filters))].map(([node, m]) => [node, [...m.keys()].sort((a, b) => a - b)]));
    return pollOutages({ polledBuckets: polled, step: plan.step, gapMs: this.gapMs, to: plan.to, now });
  }

  private polls(plan: QueryPlan, filters: QueryFilters): Promise<Acc> {
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
    // In node order: a fleet sum adds the same numbers in the same order on either backend.
    return [...polls]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([node, pm]) => {
        const vm = sums.get(node);
        return this.fill(plan, new Map([...pm].map(([b, p]) => [b, p.s > 0 ? (vm?.get(b)?.s ?? 0) / p.s : null])));
      });
  }

  private async domainBacklogPerNode(plan: QueryPlan, domain: string, filters: QueryFilters): Promise<Point[][]> {
    const sums = await this.collect(
      plan,
      `SELECT node AS k, ${this.j.bucket('d')} AS b, SUM(d.rcp * d.n) AS s FROM ${this.j.domainRows} WHERE ${this.j.range('d')} AND d.domain = ${NAME_ID}${filters.node ? ' AND node = ?' : ''} GROUP BY node, b`,
      [domain, ...(filters.node ? [filters.node] : [])],
    );
    return this.perNodeAveraged(plan, sums, await this.polls(plan, filters));
  }

  private async domainSeries(plan: QueryPlan, gauge: DomainGauge, domain: string, filters: QueryFilters): Promise<Series> {
    const nodeClause = filters.node ? ' AND node = ?' : '';
    const sums = await this.collect(
      plan,
      `SELECT node AS k, ${this.j.bucket('d')} AS b, SUM(d.${gauge} * d.n) AS s FROM ${this.j.domainRows} WHERE ${this.j.range('d')} AND d.domain = ${NAME_ID}${nodeClause} GROUP BY node, b`,
      [domain, ...(filters.node ? [filters.node] : [])],
    );
    return { key: domain, label: domain, domain, points: this.averagedOverPolls(plan, sums, await this.polls(plan, filters)) };
  }

  private async topDomains(plan: QueryPlan, gauge: DomainGauge, filters: QueryFilters): Promise<Series[]> {
    const nodeClause = filters.node ? ' AND node = ?' : '';
    const nodeArg = filters.node ? [filters.node] : [];
    // Ranking needs no buckets: the two bucket parameters collect() binds are multiplied away.
    const byDomain = await this.collect(
      plan,
      // Summed per name id first; names are looked up once per domain, not once per row.
      `SELECT nm.name AS k, 0 * CAST(? AS INTEGER) * CAST(? AS INTEGER) AS b, x.s AS s
      FROM (SELECT d.domain, SUM(d.${gauge} * d.n) AS s FROM ${this.j.domainRows} WHERE ${this.j.range('d')}${nodeClause} GROUP BY d.domain) x
      JOIN hist_name nm ON nm.id = x.domain WHERE nm.name <> '(other)'`,
      nodeArg,
    );
    const top = [...byDomain]
      .map(([d, m]) => ({ d, s: m.get(0)?.s ?? 0 }))
      .filter((x) => x.s > 0)
      .sort((a, b) => b.s - a.s || a.d.localeCompare(b.d))
      .slice(0, filters.top ?? DEFAULT_TOP)
      .map((x) => x.d);
    const polls = await this.polls(plan, filters);
    const series: Series[] = [];
    for (const d of top) series.push(await this.domainSeries(plan, gauge, d, filters));
    const totals = await this.collect(
      plan,
      `SELECT node AS k, ${this.j.bucket('d')} AS b, SUM(d.${gauge} * d.n) AS s FROM ${this.j.domainRows} WHERE ${this.j.range('d')}${nodeClause} GROUP BY node, b`,
      nodeArg,
    );
    const all = this.averagedOverPolls(plan, totals, polls);
    const other = series.length ? subtractSeries(all, sumSeries(series.map((s) => s.points))) : all;
    if (other.some(([, v]) => v !== null && v > 0)) series.push({ key: 'other', label: 'Other domains', points: other });
    return series;
  }

  private async queueSeries(plan: QueryPlan, gauge: DomainGauge, domain: string, filters: QueryFilters): Promise<Series[]> {
    const acc = await this.collect(
      plan,
      `SELECT node, v.name AS vmta, ${this.j.bucket('q')} AS b, SUM(q.${gauge} * q.n) AS s, SUM(q.n) AS w FROM ${this.j.queueRows} JOIN hist_name v ON v.id = q.vmta
      WHERE ${this.j.range('q')} AND q.domain = ${NAME_ID}${filters.node ? ' AND node = ?' : ''} GROUP BY node, q.vmta, v.name, b`,
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
  private async drainSeries(plan: QueryPlan, domain: string, filters: QueryFilters): Promise<Series> {
    const perNode = (await this.domainBacklogPerNode(plan, domain, filters)).map((backlog) =>
      backlog.map(([t, v], i): Point => {
        const prev = i > 0 ? backlog[i - 1]![1] : null;
        return [t, v === null || prev === null ? null : ((prev - v) / plan.step) * 60_000];
      }),
    );
    const points = perNode.length ? sumSeries(perNode) : this.fill(plan, new Map());
    return { key: domain, label: domain, domain, points };
  }

  private async deliveredSeries(plan: QueryPlan, domain: string, filters: QueryFilters): Promise<{ series: Series[]; source: 'accounting' | 'backlog' }> {
    const counts = (await this.delivered?.({ domain, from: plan.from, to: plan.to, step: plan.step })) ?? null;
    if (counts) {
      const points = this.fill(plan, new Map([...counts].map(([b, n]) => [b, (n / plan.step) * 60_000])), false);
      return { source: 'accounting', series: [{ key: 'delivered', label: 'Delivered (rcpt/min, accounting)', domain, points }] };
    }
    const drain = (await this.drainSeries(plan, domain, filters)).points.map(([t, v]): Point => [t, v === null ? null : Math.max(0, v)]);
    return { source: 'backlog', series: [{ key: 'delivered', label: 'Delivered (rcpt/min, from backlog)', domain, points: drain }] };
  }
}

/** A store's answer: the plan's tier and range, the series and the outages. */
export async function runQuery(reader: HistoryQuery, plan: QueryPlan, metric: MetricName, filters: QueryFilters, now: number): Promise<QueryResult> {
  const r = await reader.run(metric, filters, plan);
  return { tier: plan.tier, step: plan.step, from: plan.from, to: plan.to, ...r, outages: await reader.outages(plan, filters, now) };
}

function requireDomain(domain: string | undefined): string {
  if (!domain) throw new MissingDomainError();
  return domain;
}

/** Caller's mistake (code bad_request): the metric is per domain and none was given. */
export class MissingDomainError extends DomainError {
  constructor() {
    super('bad_request', 'domain: required for this metric');
    this.name = 'MissingDomainError';
  }
}
