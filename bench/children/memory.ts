// B6 console side (own process, so its RSS is the console's alone): the real Fleet with the
// history sampler attached (SQLite store in a temp dir), polling the given nodes; then the
// in-memory backlog trend (BacklogHistory) is fed a day's worth of polls — it is bounded,
// so a day saturates it — and RSS is read after a full GC.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { configSchema } from '@/lib/config/schema';
import { createRuntime } from '@/lib/runtime/runtime';

interface Args {
  nodes: { id: string; url: string; apiKey: string }[];
  intervalSeconds: number;
  realPolls: number;
}
const args = JSON.parse(process.argv[2]!) as Args;
const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
const mb = (b: number) => b / 2 ** 20;
const settle = async () => {
  for (let i = 0; i < 3; i++) {
    gc();
    await new Promise((r) => setTimeout(r, 100));
  }
};

await settle();
const before = process.memoryUsage();
const dir = mkdtempSync(path.join(tmpdir(), 'pmta-bench-b6-'));
// The server's own composition: fleet, history and store built by the runtime (not started).
const runtime = createRuntime(
  configSchema.parse({
    pollIntervalSeconds: args.intervalSeconds,
    store: { path: path.join(dir, 'console.sqlite') },
    nodes: args.nodes.map((n) => ({ ...n, format: 'json', timeoutMs: 60_000 })),
  }),
);
const fleet = runtime.fleet;
runtime.history.attach(fleet);
let peak = 0;
const sample = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
for (let i = 0; i < args.realPolls; i++) await fleet.pollAll();

// A day of polls for the bounded in-memory history (the newest snapshots stand in for each poll).
const day = (24 * 3600) / args.intervalSeconds;
const rounds = 400; // > the bound (12 domain samples per node)
let at = Date.now();
for (let r = 0; r < rounds; r++) {
  at += args.intervalSeconds * 1000;
  for (const n of fleet.nodes) {
    const t = n.poller.snapshot.queues;
    if (t) fleet.history.record(n.config.id, at, t);
  }
}
await settle();
clearInterval(sample);
const after = process.memoryUsage();
const queues = fleet.nodes.reduce((s, n) => s + (n.poller.snapshot.queues?.count ?? 0), 0);
process.send!({
  type: 'result',
  rssMb: mb(after.rss),
  peakRssMb: mb(Math.max(peak, after.rss)),
  heapMb: mb(after.heapUsed),
  externalMb: mb(after.external + after.arrayBuffers),
  baseRssMb: mb(before.rss),
  queues,
  dayPolls: day,
  rounds,
});
fleet.stop();
await runtime.stop();
rmSync(dir, { recursive: true, force: true });
process.exit(0);
