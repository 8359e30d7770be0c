import 'server-only';
// The poller's full queue list: streamed from the node into the parse worker while it
// downloads (client.streamBytes → ParsePool.queuesStream), so parsing overlaps the transfer
// and the reply never sits whole on the main thread.
//
// At most `ListSlots.limit` full lists are taken in at once across the fleet (the pool's
// slots): the others' bodies wait in their paused sockets (the node waits, not our memory)
// until one has been parsed. Twenty 100k-queue lists arriving together would otherwise all be
// half-read in the one worker at the same time (hundreds of MB of bytes and half-built columns),
// and each would finish only when all did. A slot is taken when the reply's headers are in,
// so a node that stalls before answering holds none; its wait does not count in the node's
// timeout (http-request.ts restarts it).
import type { PmtaClient, QueryParams } from '@/lib/pmta/client';
import type { ParsePool, QueueListSink, QueuesParsed } from './parse-pool';

/** A counting semaphore whose waiters can leave the queue (a request that failed meanwhile). */
export class ListSlots {
  private used = 0;
  private waiting: (() => void)[] = [];

  constructor(readonly limit: number) {}

  /** Slots held now. */
  get inUse(): number {
    return this.used;
  }

  /** A slot: `ready` resolves once it is held; `release` frees it (or leaves the queue). */
  take(): { ready: Promise<void>; release: () => void } {
    let granted = false;
    let released = false;
    let grant: () => void = () => {};
    const ready = new Promise<void>((resolve) => {
      grant = () => {
        granted = true;
        resolve();
      };
    });
    const release = () => {
      if (released) return;
      released = true;
      if (granted) {
        this.used--;
        this.next();
      } else {
        this.waiting = this.waiting.filter((w) => w !== grant);
      }
    };
    this.waiting.push(grant);
    this.next();
    return { ready, release };
  }

  private next(): void {
    while (this.used < this.limit && this.waiting.length) {
      this.used++;
      this.waiting.shift()!();
    }
  }
}

export async function streamQueueColumns(
  client: Pick<PmtaClient, 'streamBytes'>,
  pool: ParsePool,
  params: QueryParams,
  /** Keep the list in the worker as adaptive polling's base (ParsePool.queues). */
  keep?: { key: string; at: number },
): Promise<QueuesParsed & { bytes: number }> {
  let bytes = 0;
  const open: { sink: QueueListSink | null; make: (() => QueueListSink) | null; release: () => void } = { sink: null, make: null, release: () => {} };
  // The worker hears of the list only once its slot is held (its first bytes, or its end).
  const sink = () => (open.sink ??= open.make!());
  try {
    await client.streamBytes('/queues', params, (format, declaredBytes) => {
      const slot = pool.listSlots.take();
      open.release = slot.release;
      open.make = () => pool.queuesStream(format, declaredBytes, keep);
      return {
        ready: slot.ready,
        take: (chunk) => {
          bytes += chunk.length;
          sink().chunk(chunk);
        },
      };
    });
    if (!open.make) throw new Error('no queue list arrived'); // a 2xx reply always opens one
    return { ...(await sink().end()), bytes };
  } catch (e) {
    open.sink?.abort();
    throw e;
  } finally {
    open.release();
  }
}
