import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimNode, type SimNodeHandle } from './index';
import { getJson, getXml, parseXml, req, START } from '@/sim/__fixtures__/http-client';

let node: SimNodeHandle;
let base: string;

beforeAll(async () => {
  node = await startSimNode({ tickMs: 0, seed: 42, startTime: START });
  node.advance(120);
  base = node.url;
});
afterAll(() => node.stop());

describe('/status', () => {
  it('serves the §4 tree as one-line XML with string leaves', async () => {
    const r = await req(`${base}/status?format=xml`);
    expect(r.headers['content-type']).toMatch(/xml/);
    const { rsp } = parseXml(r.body);
    expect(r.body.startsWith('<rsp><data>')).toBe(true);
    expect(r.body.endsWith('<succ/></rsp>')).toBe(true);
    const s = rsp.data.status;
    expect(rsp.data.mta.product.name).toBe('PowerMTA');
    expect(rsp.data.mta.product.version).toMatch(/^5\.0r/);
    expect(rsp.data.mta.lak.serial).toBeDefined();
    expect(s.timeNow).toBe('2026-11-26 10:02:00');
    expect(s.shuttingDown).toBe('0');
    expect(s.status).toBe('running');
    expect(s.traffic.total.out.kb).toMatch(/^\d+\.\d$/);
    for (const p of ['total', 'lastHr', 'lastMin', 'topPerHr', 'topPerMin']) {
      expect(Object.keys(s.traffic[p]).sort()).toEqual(['bounceProcessed', 'feedbackLoopProcessed', 'in', 'out']);
    }
    expect(s.traffic.perf.lastMin.in.count).toBeDefined();
    expect(s.resolver.queriesActive).toBeDefined();
    expect(Number(s.spool.initPct)).toBe(100);
  });

  it('serves typed JSON whose counters agree with the simulator', async () => {
    const j = await getJson(`${base}/status?format=json`);
    expect(j.status).toBe('success');
    expect(j.message).toBe('');
    const s = j.data.status;
    expect(s.shuttingDown).toBe(false);
    const st = node.state();
    expect(s.traffic.total.out.rcp).toBe(st.counts.delivered);
    expect(s.traffic.total.in.rcp).toBe(st.counts.received.rcp);
    expect(s.traffic.total.feedbackLoopProcessed).toBe(st.counts.fbl.total);
    expect(s.traffic.total.bounceProcessed).toBe(st.counts.rb.total);
    // Within the first hour lastHr equals the total; lastMin only covers the last 60 s.
    expect(s.traffic.lastHr.out.rcp).toBe(s.traffic.total.out.rcp);
    expect(s.traffic.lastMin.out.rcp).toBeLessThan(s.traffic.total.out.rcp);
    expect(s.traffic.topPerMin.out.rcp).toBeGreaterThanOrEqual(s.traffic.lastMin.out.rcp);
    // smtp queue totals equal the sum of the queues.
    expect(s.queue.smtp.rcp).toBe(st.queues.totalRcp);
    expect(s.spool.totalRcp).toBe(st.queues.totalRcp);
    expect(s.conn.smtpOut.cur).toBe(node.model.queues.reduce((n, q) => n + q.conn, 0));
  });

  it('serves HTML without a format', async () => {
    const r = await req(`${base}/status`);
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toMatch(/text\/html/);
    expect(r.body).toContain('<table>');
  });
});

describe('/queues', () => {
  it('returns the top 10 by recipients by default, with totals over all matches', async () => {
    const d = (await getXml(`${base}/queues?format=xml`)).data;
    expect(d.title).toBe('Top 10 queues by number of recipients');
    expect(d.queue).toHaveLength(10);
    const rcps = d.queue.map((q: { rcp: string }) => Number(q.rcp));
    expect([...rcps].sort((a, b) => b - a)).toEqual(rcps);
    expect(Number(d.totalRcp)).toBe(node.state().queues.totalRcp);
    expect(Number(d.totalQueuesWithRcp)).toBe(node.state().queues.withRcp);
    const q = d.queue[0];
    expect(q.name).toMatch(/^[^/]+\/[^/]+$/);
    expect(q.paused).toMatch(/^(yes|no)$/);
    expect(q.mode).toMatch(/^(normal|backoff)$/);
    expect(q.retryTime).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
  });

  it('honours maxitems and maxItems', async () => {
    const all = node.model.queues.length;
    expect((await getXml(`${base}/queues?format=xml&maxitems=3`)).data.queue).toHaveLength(3);
    expect((await getJson(`${base}/queues?format=json&maxItems=25`)).data.queue).toHaveLength(25);
    expect((await getJson(`${base}/queues?format=json&maxitems=100000`)).data.queue).toHaveLength(all);
  });

  it('sorts by name and size', async () => {
    const byName = (await getJson(`${base}/queues?format=json&sort=name&maxitems=1000`)).data.queue.map((q: { name: string }) => q.name);
    expect(byName).toEqual([...byName].sort());
    const bySize = (await getJson(`${base}/queues?format=json&sort=size&maxitems=1000`)).data.queue.map((q: { kb: number }) => q.kb);
    expect(bySize).toEqual([...bySize].sort((a, b) => b - a));
  });

  it('types JSON leaves and always gives arrays', async () => {
    const d = (await getJson(`${base}/queues?format=json&queue=gmail.com/vmta-1`)).data;
    expect(d.queue).toHaveLength(1);
    const q = d.queue[0];
    expect(typeof q.rcp).toBe('number');
    expect(typeof q.kb).toBe('number');
    expect(typeof q.paused).toBe('boolean');
    expect(Array.isArray(q.event)).toBe(true);
  });

  it('matches wildcards on either side; an omitted vmta means all', async () => {
    const names = async (pattern: string) =>
      (await getJson(`${base}/queues?format=json&maxitems=1000&queue=${encodeURIComponent(pattern)}`)).data.queue.map((q: { name: string }) => q.name).sort();
    expect(await names('gmail.com')).toEqual([
      'gmail.com/203.0.113.25',
      'gmail.com/vmta-1',
      'gmail.com/vmta-2',
      'gmail.com/vmta-3',
      'gmail.com/vmta-4',
      'gmail.com/{default}',
    ]);
    expect(await names('gmail.com/{default}')).toEqual(['gmail.com/{default}']);
    expect(await names('*/{default}')).toHaveLength(5);
    expect(await names('bücher.de/*')).toEqual(['bücher.de/vmta-1']);
    expect(await names('gmail.com/*')).toEqual(await names('gmail.com'));
    expect((await names('*/vmta-2')).every((n: string) => n.endsWith('/vmta-2'))).toBe(true);
    expect(await names('*mail.com/vmta-1')).toEqual(['gmail.com/vmta-1', 'hotmail.com/vmta-1']);
    expect(await names('yahoo.*/vmta-1')).toEqual(['yahoo.com/vmta-1', 'yahoo.rollup/vmta-1']);
    expect(await names('xn--bcher-kva.example/*')).toEqual(['xn--bcher-kva.example/vmta-1', 'xn--bcher-kva.example/{default}']);
  });

  it('filters by paused, mode and connected', async () => {
    node.command('pause queue aol.com/*');
    node.command('set queue --mode=backoff outlook.com/vmta-2');
    const get = async (qs: string) =>
      (await getJson(`${base}/queues?format=json&maxitems=1000&${qs}`)).data.queue as { name: string; paused: boolean; mode: string; conn: number }[];
    const paused = await get('paused=yes');
    expect(paused.map((q) => q.name).sort()).toEqual(
      node.model.queues
        .filter((q) => q.name.startsWith('aol.com/'))
        .map((q) => q.name)
        .sort(),
    );
    expect((await get('paused=no')).every((q) => !q.paused)).toBe(true);
    expect((await get('mode=backoff')).map((q) => q.name)).toEqual(['outlook.com/vmta-2']);
    expect((await get('mode=normal')).some((q) => q.mode === 'backoff')).toBe(false);
    expect((await get('mode=any')).length).toBe(node.model.queues.length);
    const connected = await get('connected=yes');
    expect(connected.length).toBeGreaterThan(0);
    expect(connected.every((q) => q.conn > 0)).toBe(true);
    expect((await get('connected=no')).every((q) => q.conn === 0)).toBe(true);
    node.command('resume queue aol.com');
    node.command('set queue --mode=normal outlook.com/vmta-2');
  });

  it('rejects bad parameters with the error envelope', async () => {
    const r = await req(`${base}/queues?format=json&paused=maybe`);
    expect(r.status).toBe(400);
    expect(JSON.parse(r.body)).toMatchObject({ data: null, status: 'error' });
    const x = await req(`${base}/queues?format=xml&queue=${encodeURIComponent('a;b')}`);
    expect(x.status).toBe(400);
    expect(parseXml(x.body).rsp.err).toMatch(/invalid queue/);
  });
});

describe('/queueDetail', () => {
  it('shows one queue with its event lists in both formats', async () => {
    const x = (await getXml(`${base}/queueDetail?format=xml&queue=gmail.com/vmta-1`)).data.queue[0];
    expect(x.name).toBe('gmail.com/vmta-1');
    expect(x.domain).toBe('gmail.com');
    expect(x.vmta).toBe('vmta-1');
    // track-recipient-events is off by default (guide §3.3.10.16): no section at all.
    expect(x.recipientEvents).toBeUndefined();
    const j = (await getJson(`${base}/queueDetail?format=json&queue=gmail.com/vmta-1`)).data.queue;
    expect(j.rcp).toBe(node.model.queue('gmail.com/vmta-1')?.rcp);
    expect(Array.isArray(j.errors.error)).toBe(true);
    expect(j.errors.error.length).toBeLessThanOrEqual(10);
  });

  it('404s an unknown queue and 400s a missing one', async () => {
    expect((await req(`${base}/queueDetail?format=json&queue=nope.example/vmta-1`)).status).toBe(404);
    expect((await req(`${base}/queueDetail?format=json`)).status).toBe(400);
  });
});

describe('/domains, /domainDetail, /vmtas, /jobs, /logs', () => {
  it('aggregates domains over their queues', async () => {
    const d = (await getJson(`${base}/domains?format=json&maxitems=1000`)).data;
    const gmail = d.domain.find((x: { name: string }) => x.name === 'gmail.com');
    const queues = node.model.queues.filter((q) => q.domain.name === 'gmail.com');
    expect(gmail.rcp).toBe(queues.reduce((n, q) => n + q.rcp, 0));
    expect(gmail.queues).toBe(6); // five named vMTAs and {default}
    expect((await getXml(`${base}/domains?format=xml`)).data.domain).toHaveLength(10);
    const dd = (await getXml(`${base}/domainDetail?format=xml&domain=gmail.com`)).data.domain[0];
    expect(dd.name).toBe('gmail.com');
    expect(dd.queue).toHaveLength(6);
    expect((await req(`${base}/domainDetail?format=xml&domain=nope.example`)).status).toBe(404);
  });

  it('lists vMTAs with queued mail, sorted by recipients', async () => {
    const v = (await getXml(`${base}/vmtas?format=xml`)).data.vmta;
    expect(v.map((x: { name: string }) => x.name).sort()).toEqual(['203.0.113.25', 'vmta-1', 'vmta-2', 'vmta-3', 'vmta-4', '{default}']);
    const rcps = v.map((x: { rcp: string }) => Number(x.rcp));
    expect(rcps).toEqual([...rcps].sort((a, b) => b - a));
    expect(rcps.reduce((a: number, b: number) => a + b, 0)).toBe(node.state().queues.totalRcp);
  });

  it('lists jobs whose recipients add up to the queued total', async () => {
    const jobs = (await getJson(`${base}/jobs?format=json`)).data.job as { id: string; rcp: number }[];
    expect(jobs.length).toBeGreaterThan(1);
    expect(jobs.reduce((n, j) => n + j.rcp, 0)).toBe(node.state().queues.totalRcp);
    expect((await getXml(`${base}/jobs?format=xml`)).data.job[0].id).toBeTruthy();
  });

  it('lists accounting files', async () => {
    const files = (await getXml(`${base}/logs?format=xml`)).data.file;
    expect(files[0].name).toMatch(/^acct-2026-11-26-1000\.csv$/);
    expect(files[0].type).toBe('acct');
    expect(Number(files[0].size)).toBeGreaterThan(100);
  });
});

it('404s unknown paths', async () => {
  expect((await req(`${base}/nope?format=json`)).status).toBe(404);
  expect((await req(`${base}/ui/queues`)).status).toBe(404);
});
