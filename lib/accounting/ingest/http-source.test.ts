import { describe, expect, it } from 'vitest';
import type { FileChunk, PmtaClient } from '@/lib/pmta/client';
import { createHttpSource } from './http-source';

const FILE = Buffer.from('type,timeLogged\nd,2026-11-26 10:00:00+0000\n');

function fakeClient(reply: (from: number) => FileChunk): PmtaClient {
  return {
    url: 'http://mta1:8080',
    logs: async () => [
      { name: 'acct-2026-11-26-1000.csv', type: 'acct', size: FILE.length, time: null },
      { name: 'pmta.log', type: 'log', size: 10, time: null },
      { name: 'acct-2026-11-26-1010.csv', type: null, size: null, time: null },
    ],
    getFile: async (_name: string, opts?: { fromByte?: number }) => reply(opts?.fromByte ?? 0),
  } as unknown as PmtaClient;
}

describe('HTTP accounting source', () => {
  it('lists only accounting files matching the pattern', async () => {
    const src = createHttpSource(
      fakeClient(() => ({ status: 416, start: 0, body: Buffer.alloc(0), totalSize: 0, ms: 1 })),
      'acct-*.csv',
    );
    expect(await src.list()).toEqual([
      { name: 'acct-2026-11-26-1000.csv', size: FILE.length },
      { name: 'acct-2026-11-26-1010.csv', size: null },
    ]);
  });

  it('returns the bytes from the offset whether the node honours Range or sends the whole file', async () => {
    const ranged = createHttpSource(
      fakeClient((from) => ({ status: 206, start: from, body: FILE.subarray(from), totalSize: FILE.length, ms: 1 })),
      'acct-*.csv',
    );
    const whole = createHttpSource(
      fakeClient(() => ({ status: 200, start: 0, body: FILE, totalSize: FILE.length, ms: 1 })),
      'acct-*.csv',
    );
    for (const src of [ranged, whole]) {
      const r = await src.read('acct-2026-11-26-1000.csv', 16, 1 << 20);
      expect(r.bytes.toString()).toBe('d,2026-11-26 10:00:00+0000\n');
      expect(r.size).toBe(FILE.length);
    }
  });

  it('reports nothing new (and the size, to notice truncation) on 416', async () => {
    const src = createHttpSource(
      fakeClient(() => ({ status: 416, start: 99, body: Buffer.alloc(0), totalSize: 12, ms: 1 })),
      'acct-*.csv',
    );
    expect(await src.read('acct-2026-11-26-1000.csv', 99, 1 << 20)).toEqual({ bytes: Buffer.alloc(0), size: 12 });
  });

  it('asks for bounded ranges, takes files by name only and reports what it skipped', async () => {
    const asked: [number | undefined, number | undefined][] = [];
    const client = {
      url: 'http://mta1:8080',
      logs: async () => [
        { name: 'acct-bd-2026-11-26-1000.csv', type: 'log', size: 100, time: null }, // type is not trusted either way
        { name: 'diag.csv', type: 'acct', size: 10, time: null },
        { name: 'pmta.log', type: 'log', size: 10, time: null },
      ],
      getFile: async (_n: string, o?: { fromByte?: number; toByte?: number }) => {
        asked.push([o?.fromByte, o?.toByte]);
        const from = o?.fromByte ?? 0;
        const to = Math.min(o?.toByte ?? FILE.length - 1, FILE.length - 1);
        return { status: 206, start: from, body: FILE.subarray(from, to + 1), totalSize: FILE.length, ms: 1 };
      },
    } as unknown as PmtaClient;
    const src = createHttpSource(client, 'acct-*.csv');
    expect((await src.list()).map((f) => f.name)).toEqual(['acct-bd-2026-11-26-1000.csv']);
    expect(src.skipped?.()).toEqual([
      { name: 'diag.csv', reason: 'no-pattern-match' },
      { name: 'pmta.log', reason: 'no-pattern-match' },
    ]);
    const r = await src.read('acct-bd-2026-11-26-1000.csv', 4, 8);
    expect(r.bytes.toString()).toBe(FILE.subarray(4, 12).toString());
    expect(asked.at(-1)).toEqual([4, 11]);
  });
});
