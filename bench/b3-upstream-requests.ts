// B3: upstream requests per poll interval while 1, 50 and 500 concurrent browser-like clients
// poll the console's API (signed-in sessions, /api/queues + /api/nodes every second, faster
// than the UI's 5 s). Requests are counted at the simulator. Target: every node is asked for
// /status and /queues exactly once per interval, however many clients there are.
import { fmt, ratioResult, type BenchResult } from './lib/result';
import { login, startConsole } from './lib/console-server';
import { startUpstream } from './lib/upstream';

const POLL_S = 2;
const WINDOW_MS = 8_000;
const CLIENT_PERIOD_MS = 1_000;

/** Most requests that fall within any span shorter than one interval (1 = never doubled). */
function maxPerInterval(times: number[], intervalMs: number): number {
  let best = 0;
  for (let i = 0, j = 0; i < times.length; i++) {
    while (times[i]! - times[j]! >= intervalMs * 0.95) j++;
    best = Math.max(best, i - j + 1);
  }
  return best;
}

export async function b3(): Promise<BenchResult[]> {
  const up = await startUpstream({ mode: 'sim', nodes: 3, queues: 0, basePort: Number(process.env.E2E_SIM_BASE_PORT ?? 19305) });
  const server = await startConsole(up.nodes, POLL_S);
  const out: BenchResult[] = [];
  try {
    const cookie = await login(server.url);
    const get = async (path: string) => {
      const res = await fetch(`${server.url}${path}`, { headers: { cookie } });
      await res.arrayBuffer();
      return res.status;
    };
    for (const clients of [1, 50, 500]) {
      const from = Date.now();
      let requests = 0;
      let failed = 0;
      const latencies: number[] = [];
      // Bounded: each client loops until the window ends, then stops by itself.
      await Promise.all(
        Array.from({ length: clients }, async (_, c) => {
          await new Promise((r) => setTimeout(r, (c / clients) * CLIENT_PERIOD_MS));
          while (Date.now() - from < WINDOW_MS) {
            const t = performance.now();
            const [a, b] = await Promise.all([get('/api/queues?sort=rcp&dir=desc&offset=0&limit=400'), get('/api/nodes')]);
            latencies.push(performance.now() - t);
            requests += 2;
            if (a !== 200 || b !== 200) failed++;
            await new Promise((r) => setTimeout(r, Math.max(0, CLIENT_PERIOD_MS - (performance.now() - t))));
          }
        }),
      );
      const to = Date.now();
      const counts = await up.counts();
      let worst = 0;
      let inWindow = 0;
      for (const n of up.nodes) {
        for (const p of ['/status', '/queues']) {
          const times = (counts[`${n.port} ${p}`] ?? []).filter((t) => t >= from && t <= to);
          inWindow += times.length;
          worst = Math.max(worst, maxPerInterval(times, POLL_S * 1000));
        }
      }
      const intervals = (to - from) / (POLL_S * 1000);
      latencies.sort((a, b) => a - b);
      out.push(
        ratioResult({
          id: `B3-${clients}`,
          name: `upstream requests per node per interval, ${clients} client${clients > 1 ? 's' : ''}`,
          figure: worst,
          unit: 'max/interval',
          target: 'exactly 1 per endpoint',
          limit: 1,
          notes: [
            `${fmt(inWindow / (up.nodes.length * 2) / intervals, 2)} requests per node per endpoint per interval on average (${up.nodes.length} nodes, ${fmt(intervals, 1)} intervals of ${POLL_S} s); clients made ${requests} API requests (${failed} non-200 pairs), pair latency p50 ${fmt(latencies[Math.floor(latencies.length / 2)] ?? NaN, 0)} ms`,
          ],
        }),
      );
      // "Exactly one": fewer than one per interval on average would be a miss too.
      const last = out[out.length - 1]!;
      if (inWindow / (up.nodes.length * 2) / intervals < 0.75) last.pass = false;
    }
    return out;
  } finally {
    await server.stop();
    await up.stop();
  }
}
