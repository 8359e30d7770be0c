// The one-pass columns builder must equal normaliseQueueList + toColumns: same columns for
// simulator replies in both formats, and the same error (message and path) for bad data.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimNode, type SimNodeHandle } from '@/sim';
import { req } from '@/sim/__fixtures__/http-client';
import { parseData } from '@/lib/pmta/parse-body';
import { normaliseQueueList } from '@/lib/pmta/normalise-queues';
import type { Obj } from '@/lib/pmta/coerce';
import { toColumns } from './queue-columns';
import { columnsFromQueueData } from './queue-columns-from-data';

function outcome(f: () => unknown): unknown {
  try {
    return { ok: f() };
  } catch (e) {
    return { error: e instanceof Error ? `${e.constructor.name}: ${e.message}` : String(e) };
  }
}

function expectSame(data: Obj): void {
  expect(outcome(() => columnsFromQueueData(data))).toStrictEqual(outcome(() => toColumns(normaliseQueueList(data))));
}

describe('columnsFromQueueData', () => {
  let node: SimNodeHandle;
  beforeAll(async () => {
    node = await startSimNode({ id: 'cols', tickMs: 0, seed: 4, queues: 2000 });
    node.advance(120);
    node.startBackoff('gmail.com/*', 'gmail', 900);
    node.startBackoff('*outlook*', 'outlook', 900);
    node.advance(400);
    node.command('pause queue yahoo.com/*');
  });
  afterAll(async () => {
    await node?.stop();
  });

  it.each(['xml', 'json'] as const)('equals normalise + toColumns on a simulator reply (%s)', async (format) => {
    const text = (await req(`${node.url}/queues?format=${format}&maxitems=10000000`, { headers: { 'X-API-Key': node.apiKey } })).body;
    const data = parseData('queues', format, text);
    const cols = columnsFromQueueData(data);
    expect(cols.count).toBe(2000);
    expect(cols.events.length).toBeGreaterThan(0);
    expectSame(data);
  });

  it.each<[string, Obj]>([
    ['no queues', {}],
    ['one queue as an object', { queue: { name: 'a.com/v', rcp: '3' } }],
    ['detail leaves domain and vmta', { queue: [{ name: 'a.com/v', domain: 'B.com', vmta: 'w' }] }],
    ['a name without a slash', { queue: [{ name: 'a.com', paused: 'yes', mode: 'BACKOFF' }] }],
    ['unknown leaves', { queue: [{ name: 'a/b', rcp: '', kb: null, mode: 'weird', paused: '' }], totalQueuesWithRcp: '5' }],
    [
      'events of every kind',
      {
        queue: [
          { name: 'a/b', event: [{ type: 'error', text: 'x' }, { text: 'no type' }, { type: 'info', time: 't' }] },
          { name: 'c/d', event: { type: 'info', text: 'one' } },
        ],
      },
    ],
    ['typed JSON leaves', { queue: [{ name: 'a/b', rcp: 7, kb: 1.5, conn: 0, paused: false, mode: 'normal' }], totalRcp: 7 }],
    ['a bad number', { queue: [{ name: 'a/b', rcp: '12x' }] }],
    ['a bad boolean after a bad number', { queue: [{ name: 'a/b', paused: 'maybe', kb: 'x' }] }],
    ['a missing name', { queue: [{ name: 'a/b' }, { rcp: '1' }] }],
    ['a bad event', { queue: [{ name: 'a/b', event: ['text'] }] }],
    ['a bad total', { queue: [{ name: 'a/b' }], totalRcp: 'many' }],
    ['a queue that is text', { queue: ['x'] }],
  ])('%s: same result or same error', (_what, data) => {
    expectSame(data);
  });
});
