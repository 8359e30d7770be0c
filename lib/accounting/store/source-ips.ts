import 'server-only';
// The /sources page's picture of each sending IP, from the hourly per-IP rollup (dlvSourceIp of
// d, b and t records, guide §11.2.2–§11.2.4): delivered, deferred (t), bounced by class, split by mailbox-provider group
// (the provider grouping of lib/accounting/provider-signature.ts, applied to the recipient
// domain), over time, and the vMTAs each IP was seen sending for in the records.
import { detectMailProvider } from '@/lib/accounting/provider-signature';
import { all, get, type AcctDb } from './acct-db';
import { bucketDiv, whereFor } from './query';
import { chooseBucketMs } from './report';
import type { BounceFilter } from './types';

const HOUR = 3_600_000;
/** IPs drawn on the chart (the busiest); the table lists up to MAX_IPS. */
const CHARTED = 8;
const MAX_IPS = 200;

export interface IpCounts {
  delivered: number;
  deferred: number;
  bounces: number;
  hard: number;
  soft: number;
  custom: number;
  unknown: number;
}

export interface SourceIpView extends IpCounts {
  ip: string;
  /** Node and vMTA pairs this IP was seen sending for, in the records of the range. */
  vmtas: { node: string; vmta: string }[];
  /** Per provider group (gmail, microsoft, yahoo, apple, other), busiest first. */
  byProvider: ({ provider: string } & IpCounts)[];
}

export interface SourceIpReport {
  filter: BounceFilter;
  bucketMs: number;
  ips: SourceIpView[];
  /** The busiest IPs per time bucket (hour or longer). */
  overTime: { t: number; ip: string; delivered: number; deferred: number; bounces: number }[];
  charted: string[];
}

const zero = (): IpCounts => ({ delivered: 0, deferred: 0, bounces: 0, hard: 0, soft: 0, custom: 0, unknown: 0 });
function add(a: IpCounts, r: Omit<IpCounts, 'bounces'>): void {
  a.delivered += r.delivered;
  a.deferred += r.deferred;
  a.hard += r.hard;
  a.soft += r.soft;
  a.custom += r.custom;
  a.unknown += r.unknown;
  a.bounces += r.hard + r.soft + r.custom + r.unknown;
}
const volume = (c: IpCounts) => c.delivered + c.deferred + c.bounces;

/** The range widened to whole hours (the rollup is hourly); the job filter does not apply here. */
function hourly(f: BounceFilter): BounceFilter {
  return {
    node: f.node,
    domain: f.domain,
    vmta: f.vmta,
    from: f.from === undefined ? undefined : Math.floor(f.from / HOUR) * HOUR,
    to: f.to === undefined ? undefined : Math.ceil(f.to / HOUR) * HOUR,
  };
}

export async function sourceIpReport(db: AcctDb, filter: BounceFilter, now = Date.now()): Promise<SourceIpReport> {
  const w = whereFor(hourly(filter));
  const rows = await all<{ ip: string; node: string; vmta: string; domain: string } & Omit<IpCounts, 'bounces'>>(
    db,
    `SELECT ip, node, vmta, domain, sum(delivered) AS delivered, sum(transient) AS deferred, sum(hard) AS hard, sum(soft) AS soft,
       sum(custom) AS custom, sum(unknown) AS unknown
     FROM acct_src_ip_h ${w.sql} GROUP BY ip, node, vmta, domain`,
    w.args,
  );
  const byIp = new Map<string, { view: SourceIpView; providers: Map<string, IpCounts>; vmtas: Set<string> }>();
  for (const r of rows) {
    let e = byIp.get(r.ip);
    if (!e) byIp.set(r.ip, (e = { view: { ip: r.ip, vmtas: [], byProvider: [], ...zero() }, providers: new Map(), vmtas: new Set() }));
    add(e.view, r);
    const provider = detectMailProvider(r.domain) ?? 'other';
    const p = e.providers.get(provider) ?? zero();
    add(p, r);
    e.providers.set(provider, p);
    if (r.vmta && !e.vmtas.has(`${r.node}\u0000${r.vmta}`)) {
      e.vmtas.add(`${r.node}\u0000${r.vmta}`);
      e.view.vmtas.push({ node: r.node, vmta: r.vmta });
    }
  }
  const ips = [...byIp.values()]
    .map((e) => {
      e.view.byProvider = [...e.providers]
        .map(([provider, c]) => ({ provider, ...c }))
        .sort((a, b) => volume(b) - volume(a) || a.provider.localeCompare(b.provider));
      e.view.vmtas.sort((a, b) => a.node.localeCompare(b.node) || a.vmta.localeCompare(b.vmta));
      return e.view;
    })
    .sort((a, b) => b.bounces - a.bounces || volume(b) - volume(a) || a.ip.localeCompare(b.ip))
    .slice(0, MAX_IPS);

  const charted = [...ips]
    .sort((a, b) => volume(b) - volume(a))
    .slice(0, CHARTED)
    .map((x) => x.ip);
  const from = filter.from ?? (rows.length ? ((await get<{ m: number }>(db, `SELECT min(bucket) AS m FROM acct_src_ip_h ${w.sql}`, w.args))?.m ?? now) : now);
  const bucketMs = Math.max(HOUR, chooseBucketMs(from, filter.to ?? now));
  const step = bucketDiv(bucketMs);
  const overTime = charted.length
    ? await all<SourceIpReport['overTime'][number]>(
        db,
        `SELECT (bucket / ${step}) * ${step} AS t, ip, sum(delivered) AS delivered, sum(transient) AS deferred,
           sum(hard + soft + custom + unknown) AS bounces
         FROM acct_src_ip_h ${w.sql ? `${w.sql} AND` : 'WHERE'} ip IN (${charted.map(() => '?').join(', ')}) GROUP BY t, ip ORDER BY t, ip`,
        [...w.args, ...charted],
      )
    : [];
  return { filter, bucketMs, ips, overTime, charted };
}
