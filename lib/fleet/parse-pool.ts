import 'server-only';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { NodeStatus } from '@/lib/pmta/types';
import type { QueueColumns } from '@/lib/queue-store/queue-columns';
import type { PartialKind } from '@/lib/queue-store/queue-merge';
import { ListSlots } from './stream-queues';
import type { ParseErrorCode, ParseRequest, ParseResponse, ParseResult, QueueExtras, QueueStreamMessage } from './parse-protocol';

/**
 * A reply that could not be parsed or normalised, or partial lists the worker would not merge
 * (`code`, see ParseErrorCode); the message names the problem.
 */
export class MalformedReplyError extends Error {
  readonly kind = 'malformed';
  constructor(
    message: string,
    readonly code: ParseErrorCode = 'malformed',
  ) {
    super(message);
  }
}

/** Move (not copy) a Buffer's bytes: a Buffer may share a pooled ArrayBuffer, so copy only then. */
function movable(body: Buffer): ArrayBuffer {
  return body.byteOffset === 0 && body.byteLength === body.buffer.byteLength
    ? (body.buffer as ArrayBuffer)
    : (body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength) as ArrayBuffer);
}

/** A parsed queue list; `extras` resolves once the derived indexes are attached to `value`. */
export interface QueuesParsed {
  value: QueueColumns;
  parseMs: number;
  extras: Promise<void>;
}

/** A queue list on its way to the worker (ParsePool.queuesStream). */
export interface QueueListSink {
  chunk(b: Buffer): void;
  end(): Promise<QueuesParsed>;
  abort(): void;
}

/** Bytes per message of a streamed queue list: ~75 messages for a 100k-queue reply. */
const PIECE_BYTES = 256 * 1024;

interface Pending {
  resolve: (r: { result: ParseResult; parseMs: number }) => void;
  reject: (e: Error) => void;
}

/**
 * One long-lived worker thread shared by every poller. One is enough on a 2-core machine:
 * it keeps the second core for the server's own event loop; requests queue in the worker.
 */
export class ParsePool {
  private worker: Worker | null = null;
  private pending = new Map<number, Pending>();
  /** Queue lists whose derived indexes (second message) have not arrived yet. */
  private extras = new Map<number, (e: QueueExtras | null) => void>();
  private nextId = 1;
  /**
   * Full queue lists taken in at once by the pollers sharing this pool (stream-queues.ts):
   * one being parsed, the next ones' bytes arriving meanwhile.
   */
  readonly listSlots = new ListSlots(3);

  /** Set by close(): a poll still in flight then must not start a new worker. */
  private closed = false;

  private spawn(): Worker {
    if (this.closed) throw new Error('parse pool closed');
    // Under Next the bundler sees this `new Worker(new URL(…))` and points it at the compiled
    // worker chunk (Next inlines NEXT_RUNTIME into server bundles; note that the bundle's
    // `import.meta.url` still names the .ts source, so it cannot tell the two cases apart).
    // Run from source (vitest, tsx scripts, benchmarks) the file is TypeScript: register tsx
    // inside the worker first (`execArgv: ['--import','tsx']` does not apply to a worker's
    // entry module on Node 20).
    const w = process.env.NEXT_RUNTIME
      ? new Worker(new URL('./parse-worker.ts', import.meta.url))
      : new Worker(
          `import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(pathToFileURL(path.join(path.dirname(fileURLToPath(import.meta.url)), 'parse-worker.ts')).href)}); });`,
          { eval: true },
        );
    w.unref();
    w.on('message', (res: ParseResponse) => {
      if ('extras' in res || !res.ok) {
        // Derived indexes arrived, or the request failed (possibly while computing them after
        // the columns went out): either way nobody waits for them any longer.
        this.extras.get(res.id)?.('extras' in res ? res.extras : null);
        this.extras.delete(res.id);
        if ('extras' in res) return;
      }
      const p = this.pending.get(res.id);
      if (!p) return;
      this.pending.delete(res.id);
      if (res.ok) p.resolve({ result: res.result, parseMs: res.parseMs });
      else p.reject(new MalformedReplyError(res.error.message, res.error.code));
    });
    const fail = (err: Error) => {
      // A crashed worker fails what it held; the next request starts a fresh one.
      for (const p of this.pending.values()) p.reject(new Error(`parse worker stopped: ${err.message}`));
      this.pending.clear();
      // Without them, QueueTable computes the same indexes itself.
      for (const e of this.extras.values()) e(null);
      this.extras.clear();
      if (this.worker === w) this.worker = null;
    };
    w.on('error', fail);
    w.on('exit', (code) => fail(new Error(`exit code ${code}`)));
    return w;
  }

  private run(
    make: (id: number) => ParseRequest,
    moved: ArrayBuffer[],
    onExtras?: (e: QueueExtras | null) => void,
  ): Promise<{ result: ParseResult; parseMs: number }> {
    this.worker ??= this.spawn();
    const id = this.nextId++;
    if (onExtras) this.extras.set(id, onExtras);
    const req = make(id);
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker!.postMessage(req, moved);
    });
  }

  async status(format: 'xml' | 'json', body: Buffer): Promise<{ value: NodeStatus; parseMs: number }> {
    const ab = movable(body);
    const { result, parseMs } = await this.run((id) => ({ id, kind: 'status', format, body: ab }), [ab]);
    if (result.kind !== 'status') throw new Error('parse worker answered the wrong kind');
    return { value: result.value, parseMs };
  }

  /**
   * The queue list as columns, as soon as they are parsed; `extras` resolves once the worker's
   * derived indexes (domain totals, per-domain sums) are attached to `value` as well.
   */
  async queues(format: 'xml' | 'json', body: Buffer, keep?: { key: string; at: number }): Promise<QueuesParsed> {
    const ab = movable(body);
    return this.tableWithExtras((id) => ({ id, kind: 'queues', format, body: ab, ...(keep ? { keep } : {}) }), [ab]);
  }

  /**
   * Partial queue lists of one poll merged into the full list kept under `key` (adaptive
   * polling, lib/queue-store/queue-merge.ts): the merged table, as `queues` gives a full one.
   * Rejects with a MalformedReplyError whose `code` says why no merge was made; the kept base
   * is then gone, and the next list must be a full one.
   */
  async merge(key: string, at: number, topN: number, parts: { kind: PartialKind; format: 'xml' | 'json'; body: Buffer }[]): Promise<QueuesParsed> {
    const moved = parts.map((p) => ({ kind: p.kind, format: p.format, body: movable(p.body) }));
    return this.tableWithExtras(
      (id) => ({ id, kind: 'merge', key, at, topN, parts: moved }),
      moved.map((p) => p.body),
    );
  }

  /** Drop the full list kept under `key` (a stopped poller). */
  forget(key: string): void {
    this.worker?.postMessage({ id: this.nextId++, kind: 'forget', key } satisfies ParseRequest);
  }

  /**
   * A queue list handed to the worker while it downloads: `chunk` takes its bytes as they
   * arrive (copied into pieces of PIECE_BYTES that move to the worker, which reads each as it
   * comes: queue-columns-stream.ts), `end` resolves as `queues` does, `abort` drops it. The
   * reply's bytes never sit whole on this thread. `keep` as for `queues` (adaptive polling's base).
   */
  queuesStream(format: 'xml' | 'json', declaredBytes: number | null, keep?: { key: string; at: number }): QueueListSink {
    const w = (this.worker ??= this.spawn());
    const id = this.nextId++;
    let arrived: (e: QueueExtras | null) => void = () => {};
    const got = new Promise<QueueExtras | null>((r) => (arrived = r));
    this.extras.set(id, (e) => arrived(e));
    const answer = new Promise<{ result: ParseResult; parseMs: number }>((resolve, reject) => this.pending.set(id, { resolve, reject }));
    answer.catch(() => {}); // awaited by `end`; a crash before then must not go unhandled
    const post = (m: QueueStreamMessage, moved: ArrayBuffer[] = []) => {
      if (this.worker === w) w.postMessage(m, moved);
    };
    post({ id, kind: 'stream-open', format, declaredBytes, ...(keep ? { keep } : {}) });
    let piece: Buffer | null = null;
    let used = 0;
    const flush = () => {
      if (!piece || used === 0) return;
      const ab = used === piece.length ? (piece.buffer as ArrayBuffer) : (piece.buffer.slice(0, used) as ArrayBuffer);
      post({ id, kind: 'stream-chunk', body: ab }, [ab]);
      piece = null;
      used = 0;
    };
    return {
      chunk: (b: Buffer) => {
        let from = 0;
        while (from < b.length) {
          // Its own ArrayBuffer (not a pooled slice), so it can be moved without a copy.
          piece ??= Buffer.allocUnsafeSlow(PIECE_BYTES);
          const n = b.copy(piece, used, from);
          used += n;
          from += n;
          if (used === piece.length) flush();
        }
      },
      end: async () => {
        flush();
        post({ id, kind: 'stream-end' });
        const { result, parseMs } = await answer;
        return this.queuesResult(result, parseMs, got);
      },
      abort: () => {
        post({ id, kind: 'stream-abort' });
        this.pending.delete(id);
        this.extras.delete(id);
      },
    };
  }

  private async tableWithExtras(make: (id: number) => ParseRequest, moved: ArrayBuffer[]): Promise<QueuesParsed> {
    let arrived: (e: QueueExtras | null) => void = () => {};
    const got = new Promise<QueueExtras | null>((r) => (arrived = r));
    const { result, parseMs } = await this.run(make, moved, (e) => arrived(e));
    return this.queuesResult(result, parseMs, got);
  }

  private queuesResult(result: ParseResult, parseMs: number, got: Promise<QueueExtras | null>): QueuesParsed {
    if (result.kind !== 'queues') throw new Error('parse worker answered the wrong kind');
    const value = result.value;
    const extras = got.then((e) => {
      if (!e) return;
      value.domainTotals = e.domainTotals;
      value.lowerDomainRcp = e.lowerDomainRcp;
      if (e.rcpOrder) value.rcpOrder = e.rcpOrder;
    });
    return { value, parseMs, extras };
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.endWorker();
  }

  /**
   * Ends the worker as a crash would (what it keeps, e.g. adaptive polling's bases, is gone);
   * the next request starts a fresh one. close() also refuses work from then on.
   */
  async endWorker(): Promise<void> {
    const w = this.worker;
    this.worker = null;
    if (w) await w.terminate();
  }
}
