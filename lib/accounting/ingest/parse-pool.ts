import 'server-only';
// The accounting ingester's parse worker: one long-lived thread shared by every follower of
// an AccountingIngest (built and closed with it), which parses and counts what the followers
// read while the main thread commits the previous slice. A worker that fails (crash, exit,
// an error while parsing) fails only the passes it held, with AcctParseWorkerError: the
// follower then reads that file on in its own thread from the last committed offset, so
// nothing is lost or counted twice; the next pass starts a fresh worker.
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { countsFromData } from '@/lib/accounting/slice-counts';
import type { ParsedSlice, SliceParserOptions } from '@/lib/accounting/slice-parser';
import type { AcctWorkerRequest, AcctWorkerResponse } from './parse-protocol';

/** One follower's read through one file: bytes in, committable slices out, in order. */
export interface ParsePass {
  /** Parses the next read of the file (`end`: the file is finished after it). */
  push(bytes: Buffer, end: boolean): Promise<ParsedSlice[]>;
  close(): void;
}

export class AcctParseWorkerError extends Error {
  constructor(message: string) {
    super(`accounting parse worker: ${message}`);
    this.name = 'AcctParseWorkerError';
  }
}

export interface PassRequest extends SliceParserOptions {
  node: string;
  keepDiagnostics: number;
  ips: [string, string][];
}

const YOUNG_GEN_MB = 64;

interface Pending {
  resolve: (s: ParsedSlice[]) => void;
  reject: (e: Error) => void;
}

export class AcctParsePool {
  private worker: Worker | null = null;
  private readonly pending = new Map<string, Pending>();
  private nextPass = 1;
  /** When the last worker failed: a new one is tried only `retryMs` later. */
  private failedAt = -Infinity;

  /** `retryMs`: after a worker failed, passes parse in the follower's thread this long. */
  constructor(private readonly opts: { retryMs?: number; now?: () => number } = {}) {}

  open(req: PassRequest): ParsePass {
    const now = this.opts.now ?? Date.now;
    // A worker that keeps failing (a broken build, a bug on some input) is not respawned for
    // every pass: the followers parse in their thread until the retry delay has passed.
    if (!this.worker && now() - this.failedAt < (this.opts.retryMs ?? 30_000)) throw new AcctParseWorkerError('failed recently');
    let w: Worker;
    try {
      w = this.worker ??= this.spawn();
    } catch (e) {
      this.failedAt = now();
      // No worker to be had (e.g. its module missing from a build): the follower parses itself.
      throw new AcctParseWorkerError(e instanceof Error ? e.message : String(e));
    }
    const pass = this.nextPass++;
    let seq = 0;
    const send = (m: AcctWorkerRequest, moved: ArrayBuffer[] = []) => w.postMessage(m, moved);
    send({ op: 'open', pass, ...req });
    return {
      push: (bytes, end) => {
        // The worker this pass lives in is gone: its parser state went with it.
        if (this.worker !== w) return Promise.reject(new AcctParseWorkerError('stopped'));
        const key = `${pass}:${seq}`;
        // Move the bytes instead of copying them (a Buffer may share a pooled ArrayBuffer:
        // then move an exact copy).
        const ab =
          bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength
            ? (bytes.buffer as ArrayBuffer)
            : (bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
        const p = new Promise<ParsedSlice[]>((resolve, reject) => this.pending.set(key, { resolve, reject }));
        send({ op: 'push', pass, seq: seq++, bytes: ab, end }, [ab]);
        return p;
      },
      close: () => {
        if (this.worker === w) send({ op: 'close', pass });
      },
    };
  }

  /** Stops the worker (the passes it held fail); a later `open` starts a new one. */
  async close(): Promise<void> {
    const w = this.worker;
    this.worker = null;
    this.failAll('closed');
    if (w) await w.terminate();
  }

  private spawn(): Worker {
    // As lib/fleet/parse-pool.ts: under Next the bundler points `new Worker(new URL(…))` at the
    // compiled chunk; run from source (vitest, tsx, benchmarks) tsx is registered in the worker.
    // Parsing allocates a few strings per cell that die within a slice: a larger young
    // generation halves the worker's GC share (B11 profile: 19.5 % → 10.3 % of its time).
    const limits = { resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GEN_MB } };
    const w = process.env.NEXT_RUNTIME
      ? new Worker(new URL('./parse-worker.ts', import.meta.url), limits)
      : new Worker(
          `import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(pathToFileURL(path.join(path.dirname(fileURLToPath(import.meta.url)), 'parse-worker.ts')).href)}); });`,
          { eval: true, ...limits },
        );
    w.unref();
    w.on('message', (res: AcctWorkerResponse) => {
      const key = `${res.pass}:${res.seq}`;
      const p = this.pending.get(key);
      if (!p) return;
      this.pending.delete(key);
      if (res.ok) p.resolve(res.slices.map((s) => ({ ...s, counts: countsFromData(s.counts) })));
      else p.reject(new AcctParseWorkerError(res.error));
    });
    const fail = (message: string) => {
      if (this.worker !== w) return;
      this.worker = null;
      this.failedAt = (this.opts.now ?? Date.now)();
      this.failAll(message);
    };
    w.on('error', (e) => fail(e.message));
    w.on('exit', (code) => fail(`exit code ${code}`));
    return w;
  }

  private failAll(message: string): void {
    for (const p of this.pending.values()) p.reject(new AcctParseWorkerError(message));
    this.pending.clear();
  }
}
