import 'server-only';
import { serverLog } from '@/lib/log/logger';
// What the /api/history* routes return, separated from the route files so tests can call
// them with an injected store and clock.
import { parseDurationSeconds } from '@/lib/config/duration';
import type { ConsoleConfig } from '@/lib/config/schema';
import type { ChartAnnotation, DomainHistoryResponse, DrainResponse, HistoryResponse, Series } from './api-types';
import { annotationsForDomain } from './annotations';
import { splitAtOutages } from './outages';
import { drainEstimate, type BacklogPoint } from './drain';
import type { MetricName } from './metrics';
import type { AnnotationSource, QueueLifetimeSource } from './sources';
import type { HistoryStore, QueryFilters } from './store';

export interface HandlerContext {
  store: HistoryStore;
  config: ConsoleConfig;
  now: number;
  /** Operator actions for chart annotations (the audit log, injected by the runtime). */
  annotations?: AnnotationSource;
  /** A queue's own `bounce-after` in seconds when its settings are known (injected by the runtime). */
  queueLifetime?: QueueLifetimeSource;
}

export async function historySeries(
  ctx: HandlerContext,
  metric: MetricName,
  filters: QueryFilters,
  from: number,
  to: number,
  step?: number,
): Promise<HistoryResponse> {
  const r = await ctx.store.query(metric, filters, from, to, step, ctx.now);
  return { metric, from: r.from, to: r.to, step: r.step, tier: r.tier, series: r.series, ...(r.source ? { source: r.source } : {}), outages: r.outages };
}

export async function domainHistory(
  ctx: HandlerContext,
  domain: string,
  from: number,
  to: number,
  step?: number,
  node?: string,
): Promise<DomainHistoryResponse> {
  const d = domain.toLowerCase();
  const backlog = await ctx.store.query('queue.backlog', { domain: d, node, top: 10 }, from, to, step, ctx.now);
  const delivered = await ctx.store.query('domain.delivered', { domain: d, node }, backlog.from, to, backlog.step, ctx.now);
  const annotations = annotationsForDomain(await operatorActions(ctx, from, to, d), d, from, to);
  const bands = await ctx.store.backoffPeriods(d, from, to);
  return {
    domain: d,
    from: backlog.from,
    to: backlog.to,
    step: backlog.step,
    tier: backlog.tier,
    backlog: backlog.series,
    delivered: delivered.series[0]!,
    deliveredSource: delivered.source ?? 'backlog',
    // A band ends where its node's data does (no successful poll): it never spans a gap.
    backoffPeriods: splitAtOutages(
      bands.filter((p) => !node || p.node === node),
      backlog.outages,
      ctx.now,
    ),
    outages: backlog.outages,
    annotations,
  };
}

/** The injected operator actions (the audit log); a chart never fails for want of them. */
async function operatorActions(ctx: HandlerContext, from: number, to: number, domain: string): Promise<ChartAnnotation[]> {
  if (!ctx.annotations) return [];
  try {
    return await ctx.annotations({ from, to, domain });
  } catch (e) {
    serverLog().error({ err: e }, '[history] operator actions unavailable for chart annotations');
    return [];
  }
}

/** PowerMTA's documented default `bounce-after` (guide §3.3.10): 4 days 12 hours. */
export const DEFAULT_BOUNCE_AFTER_SECONDS = 4.5 * 86_400;

function queueLifetime(ctx: HandlerContext, node: string, queue: string): number | null {
  try {
    const s = ctx.queueLifetime?.(node, queue) ?? null;
    return s !== null && Number.isFinite(s) && s > 0 ? s : null;
  } catch {
    return null;
  }
}

const points = (s: Series): BacklogPoint[] => s.points.filter((p): p is [number, number] => p[1] !== null).map(([at, rcp]) => ({ at, rcp }));

export async function drain(ctx: HandlerContext, domain: string): Promise<DrainResponse> {
  const d = domain.toLowerCase();
  const windowMinutes = ctx.config.history.drainWindowMinutes;
  const windowMs = windowMinutes * 60_000;
  // The configured `bounceAfter` (PowerMTA's default 4d12h, guide §3.3.10) unless a queue's
  // own settings (`show settings`, read on the drill-down) said otherwise.
  const configured = parseDurationSeconds(ctx.config.bounceAfter) ?? DEFAULT_BOUNCE_AFTER_SECONDS;
  const from = ctx.now - windowMs;
  // Raw samples over the window, one point per poll.
  const step = ctx.config.pollIntervalSeconds * 1000;
  const est = (s: Series, lifetimeSeconds: number) => drainEstimate({ points: points(s), now: ctx.now, windowMs, lifetimeSeconds });
  const dom = await ctx.store.query('domain.backlog', { domain: d }, from, ctx.now + 1, step, ctx.now);
  const queues = await ctx.store.query('queue.backlog', { domain: d, top: 1000 }, from, ctx.now + 1, step, ctx.now);
  const perQueue = queues.series
    .filter((s) => s.node && s.vmta !== undefined)
    .map((s) => {
      const queue = `${d}/${s.vmta}`;
      const own = queueLifetime(ctx, s.node!, queue);
      const lifetimeSeconds = own ?? configured;
      return {
        ...est(s, lifetimeSeconds),
        node: s.node!,
        queue,
        vmta: s.vmta!,
        lifetimeSeconds,
        lifetimeFrom: own === null ? ('config' as const) : ('queue' as const),
      };
    });
  // The domain as a whole expires first where its shortest-lived queue does.
  const lifetimeSeconds = perQueue.reduce((m, q) => Math.min(m, q.lifetimeSeconds), configured);
  return {
    generatedAt: ctx.now,
    domain: d,
    windowMinutes,
    lifetimeSeconds,
    domainEstimate: est(dom.series[0]!, lifetimeSeconds),
    queues: perQueue,
  };
}
