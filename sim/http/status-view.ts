// `/status` (powermta-api.md §4). The guide's `pmta --xml show status` sample (guide §6.2.1,
// a 4.5 build: revision `tags/v4_5c1@15693`) has lak, hostId, perf and resolver.queriesActive,
// so 4.5 mode serves them too; only webUI (the 5.0 web UI) is 5.0-only.

import type { TrafficValues } from '../core/rolling';
import { fmtMonitor } from '../core/time';
import type { SimModel } from '../model/model';
import { Flag01, Kb, type Tree } from './tree';

export type PmtaVersion = '5.0' | '4.5';

export interface NodeIdentity {
  hostName: string;
  version: PmtaVersion;
}

export const PRODUCT: Record<PmtaVersion, { version: string; buildDate: string; revision: string; bits: number }> = {
  '5.0': { version: '5.0r5', buildDate: '2020-07-06 17:39:50', revision: 'v5_0r5@200706.c291ebf', bits: 64 },
  '4.5': { version: '4.5r11', buildDate: '2017-06-28 09:13:40', revision: 'tags/v4_5c1@15693', bits: 64 },
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
      product: { name: 'PowerMTA', version: p.version, buildDate: p.buildDate, revision: p.revision, bits: p.bits },
      lak: { serial: '100417', instances: 1 },
      os: { name: 'Linux', version: '5.14.0-427.el9.x86_64', build: '#1 SMP PREEMPT_DYNAMIC' },
      cpu: { type: 'x86_64', count: 8 },
      ram: { real: 16_248_320 },
      fullHostName: id.hostName,
      userString: '',
      hostId: 0,
      webUI: v5 ? { protocol: 1 } : undefined,
    },
    status: {
      timeNow: fmtMonitor(m.local(m.now)),
      startupTime: fmtMonitor(m.local(m.startedAt)),
      shuttingDown: new Flag01(false),
      traffic: {
        total: period(t.total),
        lastHr: period(t.lastHr),
        lastMin: period(t.lastMin),
        topPerHr: period(t.topPerHr),
        topPerMin: period(t.topPerMin),
        perf: { lastMin: { in: { count: t.lastMin.inMsg, mailFromTime: 0.4, dataTime: 2.1, totalTime: 3.2 } } },
      },
      conn: {
        smtpIn: { cur: m.connIn.cur, max: m.connIn.max, top: m.connIn.top },
        smtpOut: { cur: m.connOut.cur, max: m.connOut.max, top: m.connOut.top },
      },
      resolver: { namesCached: 3 * m.queues.length, queriesPending: dnsPending, queriesActive: dnsPending },
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
