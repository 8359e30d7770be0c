// /status (3.5, 4.x, 5.0; XML or JSON) → NodeStatus. Versions differ only in which leaves
// exist (3.5 has `gmImprinted` instead of bounceProcessed/feedbackLoopProcessed, no
// `queriesActive`, no spool totals, no inner `<status>`; 4.5 lacks lak/hostId/webUI/perf),
// so every leaf is read as optional and an absent one is null. See powermta-api.md §4.
//
// Pure module (no `server-only`): loaded by the parse worker.
import { nullProto } from '@/lib/null-proto';
import { bool, num, obj, str, type Obj } from './coerce';
import type { ConnCounts, NodeStatus, QueueMethodTotals, TrafficCounts, TrafficPeriod } from './types';

function counts(parent: Obj, key: string, at: string): TrafficCounts {
  const p = `${at}.${key}`;
  const o = obj(parent[key], at, key);
  return { rcp: num(o.rcp, p, 'rcp'), msg: num(o.msg, p, 'msg'), kb: num(o.kb, p, 'kb') };
}

function period(traffic: Obj, key: string, at: string): TrafficPeriod {
  const p = `${at}.${key}`;
  const o = obj(traffic[key], at, key);
  return {
    in: counts(o, 'in', p),
    out: counts(o, 'out', p),
    bounceProcessed: num(o.bounceProcessed, p, 'bounceProcessed'),
    feedbackLoopProcessed: num(o.feedbackLoopProcessed, p, 'feedbackLoopProcessed'),
  };
}

function conn(parent: Obj, key: string, at: string): ConnCounts {
  const p = `${at}.${key}`;
  const o = obj(parent[key], at, key);
  return { cur: num(o.cur, p, 'cur'), max: num(o.max, p, 'max'), top: num(o.top, p, 'top') };
}

function methods(v: unknown, at: string): Record<string, QueueMethodTotals> {
  const q = obj(v, at, 'queue');
  // Method names come from the node: no prototype, so `__proto__` is just a name.
  const out = nullProto<QueueMethodTotals>();
  for (const [method, raw] of Object.entries(q)) {
    if (method.startsWith('@_')) continue; // an XML attribute, not a delivery method
    const p = `${at}.queue.${method}`;
    const m = obj(raw, `${at}.queue`, method);
    out[method] = { rcp: num(m.rcp, p, 'rcp'), dom: num(m.dom, p, 'dom'), kb: num(m.kb, p, 'kb') };
  }
  return out;
}

export function normaliseStatus(data: Obj): NodeStatus {
  const mta = obj(data.mta, '', 'mta');
  const product = obj(mta.product, 'mta', 'product');
  const st = obj(data.status, '', 'status');
  const traffic = obj(st.traffic, 'status', 'traffic');
  const c = obj(st.conn, 'status', 'conn');
  const resolver = obj(st.resolver, 'status', 'resolver');
  const spool = obj(st.spool, 'status', 'spool');
  const files = obj(spool.files, 'status.spool', 'files');
  const t = 'status.traffic';
  return {
    product: {
      name: str(product.name, 'mta.product', 'name'),
      version: str(product.version, 'mta.product', 'version'),
      buildDate: str(product.buildDate, 'mta.product', 'buildDate'),
    },
    // 5.0 and 3.5 samples both say fullHostName; hostName is accepted in case a build uses it.
    hostName: str(mta.fullHostName, 'mta', 'fullHostName') ?? str(mta.hostName, 'mta', 'hostName'),
    timeNow: str(st.timeNow, 'status', 'timeNow'),
    startupTime: str(st.startupTime, 'status', 'startupTime'),
    shuttingDown: bool(st.shuttingDown, 'status', 'shuttingDown'),
    state: str(st.status, 'status', 'status'),
    traffic: {
      total: period(traffic, 'total', t),
      lastHr: period(traffic, 'lastHr', t),
      lastMin: period(traffic, 'lastMin', t),
      topPerHr: period(traffic, 'topPerHr', t),
      topPerMin: period(traffic, 'topPerMin', t),
    },
    conn: { smtpIn: conn(c, 'smtpIn', 'status.conn'), smtpOut: conn(c, 'smtpOut', 'status.conn') },
    resolver: {
      namesCached: num(resolver.namesCached, 'status.resolver', 'namesCached'),
      queriesPending: num(resolver.queriesPending, 'status.resolver', 'queriesPending'),
      queriesActive: num(resolver.queriesActive, 'status.resolver', 'queriesActive'),
    },
    queue: methods(st.queue, 'status'),
    spool: {
      initPct: num(spool.initPct, 'status.spool', 'initPct'),
      totalRcp: num(spool.totalRcp, 'status.spool', 'totalRcp'),
      maxRcp: num(spool.maxRcp, 'status.spool', 'maxRcp'),
      filesInUse: num(files.inUse, 'status.spool.files', 'inUse'),
      filesTotal: num(files.total, 'status.spool.files', 'total'),
    },
  };
}
