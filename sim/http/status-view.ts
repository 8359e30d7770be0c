// `/status` (powermta-api.md §4). 4.5 omits lak, hostId, webUI, perf and resolver.queriesActive.

import type { TrafficValues } from '../core/rolling';
import { fmtMonitor } from '../core/time';
import type { SimModel } from '../model/model';
import { Flag01, Kb, type Tree } from './tree';

export type PmtaVersion = '5.0' | '4.5';

export interface NodeIdentity {
  hostName: string;
  version: PmtaVersion;
}

const PRODUCT: Record<PmtaVersion, { version: string; buildDate: string; revision: string }> = {
  '5.0': { version: '5.0r3', buildDate: '2020-03-06 11:42:17', revision: 'v5_0r3@200306.4c1f2e8' },
  '4.5': { version: '4.5r11', buildDate: '2017-06-28 09:13:40', revision: 'v4_5r11@170628.9b2d0a1' },
};

function period(t: TrafficValues): Tree {
  return {
    out: { rcp: t.outRcp, msg: t.outMsg, kb: new Kb(t.outKb) },
    in: { rcp: t.inRcp, msg: t.inMsg, kb: new Kb(t.inKb) },
    bounceProcessed: t.bounce,
    feedbackLoopProcessed: t.fbl,
  };
}

const zeroQueue = { rcp: 0, dom: 0, kb: new Kb(0) };

export function statusTree(m: SimModel, id: NodeIdentity): Tree {
  const v5 = id.version === '5.0';
  const p = PRODUCT[id.version];
  let rcp = 0;
  let kb = 0;
  const domains = new Set<string>();
  let dnsPending = 0;
  for (const q of m.queues) {
    rcp += q.rcp;
    kb += q.kb;
    if (q.rcp > 0) domains.add(q.domain.name);
    if (q.refusal?.kind === 'dns' && q.refusal.until > m.now) dnsPending++;
  }
  const t = m.traffic.snapshot();
  return {
    mta: {
      product: { name: 'PowerMTA', version: p.version, buildDate: p.buildDate, revision: p.revision, bits: 64 },
      lak: v5 ? { serial: '100417', instances: 1 } : undefined,
      os: { name: 'Linux', version: '5.14.0-427.el9.x86_64', build: '#1 SMP PREEMPT_DYNAMIC' },
      cpu: { type: 'x86_64', count: 8 },
      ram: { real: 16_248_320 },
      fullHostName: id.hostName,
      userString: '',
      hostId: v5 ? 0 : undefined,
      webUI: v5 ? { protocol: 1 } : undefined,
    },
    status: {
      timeNow: fmtMonitor(m.now),
      startupTime: fmtMonitor(m.startedAt),
      shuttingDown: new Flag01(false),
      traffic: {
        total: period(t.total),
        lastHr: period(t.lastHr),
        lastMin: period(t.lastMin),
        topPerHr: period(t.topPerHr),
        topPerMin: period(t.topPerMin),
        perf: v5
          ? { lastMin: { in: { count: t.lastMin.inMsg, mailFromTime: 0.4, dataTime: 2.1, totalTime: 3.2 } } }
          : undefined,
      },
      conn: {
        smtpIn: { cur: m.connIn.cur, max: m.connIn.max, top: m.connIn.top },
        smtpOut: { cur: m.connOut.cur, max: m.connOut.max, top: m.connOut.top },
      },
      resolver: { namesCached: 3 * m.queues.length, queriesPending: dnsPending, queriesActive: v5 ? dnsPending : undefined },
      queue: {
        smtp: { rcp, dom: domains.size, kb: new Kb(kb) },
        pipe: zeroQueue,
        discard: zeroQueue,
        file: zeroQueue,
        alias: zeroQueue,
        bounceProcessor: zeroQueue,
        feedbackLoopProcessor: zeroQueue,
      },
      spool: {
        initPct: 100,
        dirs: 16,
        files: { inUse: rcp, recycled: Math.floor(rcp / 10), total: rcp + Math.floor(rcp / 10) },
        totalRcp: rcp,
        maxRcp: 10_000_000,
      },
      status: 'running',
    },
  };
}
