// B2 console side (own process): the real Fleet (pollers, parse worker, in-memory history,
// backlog series and the SQLite history sampler, as the runtime wires them) polling the given nodes, with the event loop's delay recorded by
// perf_hooks.monitorEventLoopDelay — first idle (the noise floor), then while polling.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { configSchema } from '@/lib/config/schema';
import { createRuntime } from '@/lib/runtime/runtime';

interface Args {
  nodes: { id: string; url: string; format: 'xml' | 'json' }[];
  intervalSeconds: number;
  pollsPerNode: number;
  maxSeconds: number;
  /** Attach the SQLite history sampler, as the runtime does (default true). */
  history?: boolean;
}
const args = JSON.parse(process.argv[2]!) as Args;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const ms = (ns: number) => ns / 1e6;

const h = monitorEventLoopDelay({ resolution: 10 });
h.enable();
await sleep(2000);
const idle = { p99: ms(h.percentile(99)), max: ms(h.max) };

const dir = mkdtempSync(path.join(tmpdir(), 'pmta-bench-b2-'));
// The server's own composition: fleet, history and store built by the runtime (not started).
const runtime = createRuntime(
  configSchema.parse({
    pollIntervalSeconds: args.intervalSeconds,
    store: { path: path.join(dir, 'console.sqlite') },
    nodes: args.nodes.map((n) => ({ ...n, timeoutMs: 60_000 })),
  }),
);
const fleet = runtime.fleet;
// As the runtime does in the server: the history sampler listens to every poll too.
if (args.history !== false) runtime.history.attach(fleet);
const polls = new Map<string, number>();
const pollMs: number[] = [];
fleet.onPoll((o) => {
  polls.set(o.nodeId, (polls.get(o.nodeId) ?? 0) + 1);
  pollMs.push(o.ms);
});
// The first poll of each node warms up the worker and JIT: measure from the second round on.
await fleet.pollAll();
h.reset();
const started = Date.now();
polls.clear();
pollMs.length = 0;
fleet.start();
let peakRss = process.memoryUsage().rss;
// What the peak is made of: V8 heap, and array buffers (typed columns, reply bytes) outside it.
let atPeak = process.memoryUsage();
// CPU of the whole console process (main thread + parse worker): what the fleet costs
// whatever else the machine runs, unlike the delays, which grow with the machine's load.
const cpuBefore = process.cpuUsage();
const rssTimer = setInterval(() => {
  const m = process.memoryUsage();
  if (m.rss > peakRss) [peakRss, atPeak] = [m.rss, m];
}, 250);
while (Date.now() - started < args.maxSeconds * 1000 && [...args.nodes].some((n) => (polls.get(n.id) ?? 0) < args.pollsPerNode)) await sleep(200);
fleet.stop();
clearInterval(rssTimer);
const cpu = process.cpuUsage(cpuBefore);
const busy = { p50: ms(h.percentile(50)), p99: ms(h.percentile(99)), max: ms(h.max), seconds: (Date.now() - started) / 1000 };
h.disable();
process.send!({
  type: 'result',
  idle,
  busy,
  polls: Object.fromEntries(polls),
  pollMs,
  peakRssMb: peakRss / 2 ** 20,
  atPeakMb: { heapUsed: atPeak.heapUsed / 2 ** 20, heapTotal: atPeak.heapTotal / 2 ** 20, arrayBuffers: atPeak.arrayBuffers / 2 ** 20 },
  cpuSeconds: (cpu.user + cpu.system) / 1e6,
});
await runtime.stop();
rmSync(dir, { recursive: true, force: true });
process.exit(0);
