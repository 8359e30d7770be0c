// Upstream PowerMTA nodes for the benchmarks, in their own process so that producing 27 MB
// replies never lands on the event loop being measured. Two modes:
//   sim    – real simulator nodes (startSimFleet), e.g. for request counting and the browser;
//   replay – one 100k-queue simulator reply captured once (with backoff episodes, so events
//            and escaped texts are in it) and served byte-for-byte by N static servers, so
//            that the console's cost is measured, not the simulator's reply generation.
// Every request is counted here (diagnostics_channel), per node port and path.
// Loopback only. Talks to the parent over IPC; exits when the parent says so or goes away.
import { subscribe } from 'node:diagnostics_channel';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { startSimFleet, startSimNode, type SimNodeHandle } from '../sim';

const { values: o } = parseArgs({
  options: {
    mode: { type: 'string', default: 'sim' },
    nodes: { type: 'string', default: '1' },
    queues: { type: 'string', default: '100000' },
    'base-port': { type: 'string', default: '0' },
    'tick-ms': { type: 'string', default: '1000' },
    speed: { type: 'string', default: '1' },
  },
});

const counts = new Map<string, number[]>();
subscribe('http.server.request.start', (msg) => {
  const req = (msg as { request: IncomingMessage }).request;
  const key = `${req.socket.localPort} ${new URL(req.url ?? '/', 'http://x').pathname}`;
  const list = counts.get(key) ?? [];
  list.push(Date.now());
  counts.set(key, list);
});

export interface UpstreamNode {
  id: string;
  url: string;
  apiKey: string;
  port: number;
}

const sims: SimNodeHandle[] = [];
const replays: Server[] = [];
let stallMs: Record<number, number> = {};

async function captureReplies(queues: number) {
  const s = await startSimNode({ id: 'capture', tickMs: 0, queues, seed: 3 });
  s.advance(120);
  s.startBackoff('gmail.com/*', 'gmail', 900);
  s.startBackoff('*yahoo*', 'yahoo', 900);
  s.startBackoff('*outlook*', 'outlook', 900);
  s.advance(400);
  const get = async (path: string, format: string) => {
    const r = await fetch(`${s.url}${path}?format=${format}&maxitems=10000000&sort=rcpt`, { headers: { 'X-API-Key': s.apiKey } });
    return Buffer.from(await r.arrayBuffer());
  };
  const out = {
    xml: { status: await get('/status', 'xml'), queues: await get('/queues', 'xml') },
    json: { status: await get('/status', 'json'), queues: await get('/queues', 'json') },
  };
  await s.stop();
  return out;
}

async function startReplays(n: number, queues: number): Promise<UpstreamNode[]> {
  const bytes = await captureReplies(queues);
  const nodes: UpstreamNode[] = [];
  for (let i = 0; i < n; i++) {
    const server = createServer((req, res) => {
      const u = new URL(req.url ?? '/', 'http://x');
      const format = u.searchParams.get('format') === 'json' ? 'json' : 'xml';
      const path = u.pathname === '/status' ? 'status' : u.pathname === '/queues' ? 'queues' : null;
      const port = (server.address() as AddressInfo).port;
      const send = () => {
        if (!path) {
          res.writeHead(404).end('not replayed');
          return;
        }
        const body = bytes[format][path];
        res.writeHead(200, { 'Content-Type': format === 'json' ? 'application/json' : 'text/xml; charset=utf-8', 'Content-Length': body.length });
        res.end(body);
      };
      const stall = stallMs[port] ?? 0;
      if (stall > 0) setTimeout(send, stall);
      else send();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    replays.push(server);
    const port = (server.address() as AddressInfo).port;
    nodes.push({ id: `replay${i + 1}`, url: `http://127.0.0.1:${port}`, apiKey: 'k'.repeat(32), port });
  }
  return nodes;
}

async function startSims(n: number, queues: number): Promise<UpstreamNode[]> {
  const fleet = await startSimFleet({
    nodes: n,
    queues: queues > 0 ? queues : undefined,
    basePort: Number(o['base-port']),
    tickMs: Number(o['tick-ms']),
    speed: Number(o.speed),
  });
  sims.push(...fleet.nodes);
  fleet.nodes[0]?.startBackoff('gmail.com/*', 'gmail', 3600);
  return fleet.nodes.map((s) => ({ id: s.id, url: s.url, apiKey: s.apiKey, port: s.port }));
}

const n = Number(o.nodes);
const q = Number(o.queues);
const nodes = o.mode === 'replay' ? await startReplays(n, q) : await startSims(n, q);

async function stopAll(): Promise<void> {
  await Promise.all(sims.map((s) => s.stop()));
  await Promise.all(replays.map((s) => new Promise((r) => s.close(r))));
}

type Command = { type: 'counts' } | { type: 'stall'; node: number; ms: number } | { type: 'down'; node: number } | { type: 'exit' };
process.on('message', (m: Command) => {
  void (async () => {
    if (m.type === 'counts') process.send!({ type: 'counts', counts: Object.fromEntries(counts) });
    else if (m.type === 'stall') {
      if (sims[m.node]) sims[m.node]!.setStall(m.ms);
      else stallMs = { ...stallMs, [nodes[m.node]!.port]: m.ms };
      process.send!({ type: 'ok' });
    } else if (m.type === 'down') {
      if (sims[m.node]) await sims[m.node]!.stopServer();
      else await new Promise((r) => replays[m.node]!.close(r));
      process.send!({ type: 'ok' });
    } else if (m.type === 'exit') {
      await stopAll();
      process.exit(0);
    }
  })();
});
process.on('disconnect', () => void stopAll().then(() => process.exit(0)));
process.send!({ type: 'ready', nodes });
