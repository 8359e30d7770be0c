// Parent side of bench/upstream.ts: start it as a child process and steer it over IPC.
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { UpstreamNode } from '../upstream';

export type { UpstreamNode };

export interface Upstream {
  nodes: UpstreamNode[];
  /** Request timestamps per "port path". */
  counts(): Promise<Record<string, number[]>>;
  stall(node: number, ms: number): Promise<void>;
  down(node: number): Promise<void>;
  stop(): Promise<void>;
}

export const BENCH_DIR = path.resolve(import.meta.dirname, '..');
export const REPO = path.resolve(BENCH_DIR, '..');

/** Fork a TypeScript file under tsx (react-server condition so `server-only` modules load). */
export function forkTs(file: string, args: string[] = []): ChildProcess {
  return fork(path.join(BENCH_DIR, file), args, {
    cwd: REPO,
    // BENCH_CPU_PROF=dir writes a V8 CPU profile of each child there (to find what stalls).
    execArgv: [
      '--import',
      'tsx',
      '--conditions=react-server',
      '--expose-gc',
      ...(process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : []),
    ],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
}

/** Next message of a given type from a child. */
export function nextMessage<T>(child: ChildProcess, type: string, timeoutMs = 300_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "${type}" from child within ${timeoutMs} ms`)), timeoutMs);
    const onMsg = (m: { type: string }) => {
      if (m.type !== type) return;
      clearTimeout(timer);
      child.off('message', onMsg);
      child.off('exit', onExit);
      resolve(m as T);
    };
    const onExit = (code: number | null) => {
      clearTimeout(timer);
      reject(new Error(`child exited (${code}) before "${type}"`));
    };
    child.on('message', onMsg);
    child.once('exit', onExit);
  });
}

export async function startUpstream(opts: {
  mode: 'sim' | 'replay';
  nodes: number;
  queues: number;
  basePort?: number;
  tickMs?: number;
  speed?: number;
}): Promise<Upstream> {
  const args = [
    '--mode',
    opts.mode,
    '--nodes',
    String(opts.nodes),
    '--queues',
    String(opts.queues),
    '--base-port',
    String(opts.basePort ?? 0),
    '--tick-ms',
    String(opts.tickMs ?? 1000),
    '--speed',
    String(opts.speed ?? 1),
  ];
  const child = forkTs('upstream.ts', args);
  const ready = await nextMessage<{ nodes: UpstreamNode[] }>(child, 'ready');
  return {
    nodes: ready.nodes,
    async counts() {
      child.send({ type: 'counts' });
      return (await nextMessage<{ counts: Record<string, number[]> }>(child, 'counts')).counts;
    },
    async stall(node, ms) {
      child.send({ type: 'stall', node, ms });
      await nextMessage(child, 'ok');
    },
    async down(node) {
      child.send({ type: 'down', node });
      await nextMessage(child, 'ok');
    },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.send({ type: 'exit' });
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      if (child.exitCode === null) child.kill('SIGTERM');
    },
  };
}
