import 'server-only';
import { serverLog } from '@/lib/log/logger';
// What the /api/history* routes return, separated from the route files so tests can call
// them with an injected store and clock.
import { parseDurationSeconds } from '@/lib/config/duration';
import type { ConsoleConfig } from '@/lib/config/schema';
import type { DomainHistoryResponse, DrainResponse, HistoryResponse, Series } from './api-types';
import { annotationsForDomain } from './annotations';
import { drainEstimate, type BacklogPoint } from './drain';
import type { MetricName } from './metrics';
import type { AnnotationSource } from './sources';
import type { HistoryStore, QueryFilters } from './store';

export interface HandlerContext {
  store: HistoryStore;
  config: ConsoleConfig;
  now: number;
  /** Operator actions for chart annotations (the audit log, injected by the runtime). */
  annotations?: AnnotationSource;
}

export function historySeries(ctx: HandlerContext, metric: MetricName, filters: QueryFilters, from: number, to: number, step?: number): HistoryResponse {
  const r = ctx.store.query(metric, filters, from, to, step, ctx.now);
  return { metric, from: r.from, to: r.to, step: r.step, tier: r.tier, series: r.series, ...(r.source ? { source: r.source } : {}) };
}

export function domainHistory(ctx: HandlerContext, domain: string, from: number, to: number, step?: number, node?: string): DomainHistoryResponse {
  const d = domain.toLowerCase();
  const backlog = ctx.store.query('queue.backlog', { domain: d, node, top: 10 }, from, to, step, ctx.now);
  const delivered = ctx.store.query('domain.delivered', { domain: d, node }, backlog.from, to, backlog.step, ctx.now);
  const annotations = annotationsForDomain(operatorActions(ctx, from, to, d), d, from, to);
  return {
    domain: d,
    from: backlog.from,
    to: backlog.to,
    step: backlog.step,
    tier: backlog.tier,
    backlog: backlog.series,
    delivered: delivered.series[0]!,
    deliveredSource: delivered.source ?? 'backlog',
    backoffPeriods: ctx.store.backoffPeriods(d, from, to).filter((p) => !node || p.node === node),
    annotations,
  };
}

/** The injected operator actions (the audit log); a chart never fails for want of them. */
function operatorActions(ctx: HandlerContext, from: number, to: number, domain: string) {
  if (!ctx.annotations) return [];
  try {
    return ctx.annotations({ from, to, domain });
  } catch (e) {
    serverLog().error({ err: e }, '[history] operator actions unavailable for chart annotations');
    return [];
  }
}

const points = (s: Series): BacklogPoint[] => s.points.filter((p): p is [number, number] => p[1] !== null).map(([at, rcp]) => ({ at, rcp }));

export function drain(ctx: HandlerContext, domain: string): DrainResponse {
  const d = domain.toLowerCase();
  const windowMinutes = ctx.config.history.drainWindowMinutes;
  const windowMs = windowMinutes * 60_000;
  const lifetimeSeconds = parseDurationSeconds(ctx.config.bounceAfter) ?? 4.5 * 86_400;
  const from = ctx.now - windowMs;
  // Raw samples over the window, one point per poll.
  const step = ctx.config.pollIntervalSeconds * 1000;
  const est = (s: Series) => drainEstimate({ points: points(s), now: ctx.now, windowMs, lifetimeSeconds });
  const dom = ctx.store.query('domain.backlog', { domain: d }, from, ctx.now + 1, step, ctx.now);
  const queues = ctx.store.query('queue.backlog', { domain: d, top: 1000 }, from, ctx.now + 1, step, ctx.now);
  return {
    generatedAt: ctx.now,
    domain: d,
    windowMinutes,
    lifetimeSeconds,
    domainEstimate: est(dom.series[0]!),
    queues: queues.series.filter((s) => s.node && s.vmta !== undefined).map((s) => ({ ...est(s), node: s.node!, queue: `${d}/${s.vmta}`, vmta: s.vmta! })),
  };
}
