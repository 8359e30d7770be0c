import { afterEach, describe, expect, it } from 'vitest';
import { startSimFleet, startSimNode, type SimFleet, type SimNodeHandle } from './index';
import { getJson, getXml, parseXml, postCommand, req, START } from '@/sim/__fixtures__/http-client';

const cleanup: (SimNodeHandle | SimFleet)[] = [];
afterEach(async () => {
  await Promise.all(cleanup.splice(0).map((x) => x.stop()));
});
async function node(o: Parameters<typeof startSimNode>[0]) {
  const n = await startSimNode({ tickMs: 0, startTime: START, ...o });
  cleanup.push(n);
  return n;
}

describe('PowerMTA 4.5 mode', () => {
  it('serves XML only, with fewer status leaves and no /command', async () => {
    const n = await node({ version: '4.5', access: ['127.0.0.1/32=admin'] });
    expect(n.url.startsWith('http://')).toBe(true);
    const d = (await getXml(`${n.url}/status?format=xml`)).data;
    expect(d.mta.product.version).toMatch(/^4\.5r/);
    // As the guide's `pmta --xml show status` sample (§6.2.1, revision tags/v4_5c1@15693).
    expect(d.mta.product.revision).toBe('tags/v4_5c1@15693');
    expect(d.mta.lak.serial).toBeDefined();
    expect(d.mta.hostId).toBe('0');
    expect(d.status.traffic.perf.lastMin.in.count).toBeDefined();
    expect(d.status.resolver.queriesActive).toBeDefined();
    expect(d.mta.webUI).toBeUndefined();
    expect(d.status.resolver.namesCached).toBeDefined();
    const j = await req(`${n.url}/queues?format=json`);
    expect(j.status).toBe(200);
    expect(j.headers['content-type']).toMatch(/text\/html/);
    expect((await postCommand(n.url, 'pause queue gmail.com')).status).toBe(404);
    expect((await getXml(`${n.url}/queues?format=xml`)).data.queue).toHaveLength(10);
  });

  it('ignores X-API-Key (4.5 has no API keys) and refuses --https', async () => {
    const n = await node({ version: '4.5', access: ['127.0.0.1/32=none'] });
    expect((await req(`${n.url}/status?format=xml`, { headers: { 'X-API-Key': n.apiKey } })).status).toBe(403);
    await expect(startSimNode({ version: '4.5', https: true, tickMs: 0 })).rejects.toThrow(/5\.0/);
  });
});

describe('HTTPS mode', () => {
  it('serves the same API over TLS with the bundled self-signed cert', async () => {
    const n = await node({ https: true });
    expect(n.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect((await getJson(`${n.url}/status?format=json`)).data.mta.product.name).toBe('PowerMTA');
    const r = await postCommand(n.url, 'pause queue gmail.com/vmta-1', { apiKey: n.apiKey });
    expect(JSON.parse(r.body).message).toBe('Queue(s) paused.');
  });
});

describe('server lifecycle', () => {
  it('stopServer/restartServer keep the port and the state', async () => {
    const n = await node({ seed: 3 });
    n.command('pause queue yahoo.com/vmta-1');
    const port = n.port;
    await n.stopServer();
    expect(n.running).toBe(false);
    await expect(req(`${n.url}/status?format=json`)).rejects.toThrow();
    n.advance(30); // the MTA keeps working while its monitor is down
    await n.restartServer();
    expect(n.port).toBe(port);
    const q = (await getJson(`${n.url}/queueDetail?format=json&queue=yahoo.com/vmta-1`)).data.queue;
    expect(q.paused).toBe(true);
    expect((await getJson(`${n.url}/status?format=json`)).data.status.timeNow).toBe('2026-11-26 10:00:30');
  });

  it('a free-running clock moves time on its own', async () => {
    const n = await node({ tickMs: 20, speed: 10, randomEpisodes: false });
    const t0 = n.state().nowMs;
    await new Promise((r) => setTimeout(r, 200));
    expect(n.state().nowMs).toBeGreaterThan(t0);
  });
});

describe('determinism and fleets', () => {
  it('same seed and start give identical replies', async () => {
    const a = await node({ seed: 99 });
    const b = await node({ seed: 99 });
    a.advance(180);
    b.advance(180);
    a.startBackoff('gmail.com/vmta-1', 'gmail', 60);
    b.startBackoff('gmail.com/vmta-1', 'gmail', 60);
    const body = async (n: SimNodeHandle) => (await req(`${n.url}/queues?format=xml&maxitems=1000`)).body;
    expect(await body(a)).toBe(await body(b));
    expect(a.state().counts).toEqual(b.state().counts);
    expect(a.apiKey).toBe(b.apiKey);
  });

  it('startSimFleet starts N nodes with distinct ports, keys and traffic', async () => {
    const fleet = await startSimFleet({ nodes: 3, tickMs: 0, startTime: START, seed: 1 });
    cleanup.push(fleet);
    expect(fleet.nodes.map((n) => n.id)).toEqual(['pmta1', 'pmta2', 'pmta3']);
    expect(new Set(fleet.nodes.map((n) => n.port)).size).toBe(3);
    expect(new Set(fleet.nodes.map((n) => n.apiKey)).size).toBe(3);
    for (const n of fleet.nodes) n.advance(60);
    const delivered = fleet.nodes.map((n) => n.state().counts.delivered);
    expect(new Set(delivered).size).toBe(3);
    const host = (await getXml(`${fleet.nodes[1]?.url}/status?format=xml`)).data.mta.fullHostName;
    expect(host).toBe('pmta2.mail.shopright.example');
  });
});

describe('scale mode', () => {
  it('answers /queues?maxitems=200000 with 100k queues', async () => {
    const n = await node({ queues: 100_000, seed: 2 });
    const r = await req(`${n.url}/queues?format=xml&maxitems=200000`);
    expect(r.status).toBe(200);
    const d = parseXml(r.body).rsp.data;
    expect(d.queue).toHaveLength(100_000);
    expect(Number(d.totalQueuesWithRcp)).toBe(100_000);
    const j = await getJson(`${n.url}/queues?format=json&maxItems=200000&sort=name`);
    expect(j.data.queue).toHaveLength(100_000);
    expect((await getJson(`${n.url}/status?format=json`)).data.status.queue.smtp.rcp).toBe(Number(d.totalRcp));
  }, 120_000); // builds and parses a 17 MB reply: generous on a busy 2-core machine
});
