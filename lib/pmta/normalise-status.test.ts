import { describe, expect, it } from 'vitest';
import { parseBody } from './parse-body';
import { STATUS_35_XML, STATUS_45_XML, STATUS_50_JSON, STATUS_50_XML } from './__fixtures__/status';

describe('status normalisation', () => {
  it('reads the full 5.0 tree', () => {
    const s = parseBody('status', 'xml', STATUS_50_XML);
    expect(s.product).toEqual({ name: 'PowerMTA', version: '5.0r1', buildDate: '2019-09-15 14:27:54' });
    expect(s.hostName).toBe('mta1.example.net');
    expect(s.timeNow).toBe('2026-11-26 10:30:00');
    expect(s.shuttingDown).toBe(false);
    expect(s.state).toBe('running');
    expect(s.traffic.total).toEqual({
      in: { rcp: 1001, msg: 1000, kb: 1001.5 },
      out: { rcp: 1000, msg: 999, kb: 1000.5 },
      bounceProcessed: 7,
      feedbackLoopProcessed: 0,
    });
    expect(s.traffic.lastMin.out.rcp).toBe(10);
    expect(s.conn).toEqual({ smtpIn: { cur: 3, max: 1000, top: 42 }, smtpOut: { cur: 12, max: 2000, top: 300 } });
    expect(s.resolver).toEqual({ namesCached: 1234, queriesPending: 2, queriesActive: 1 });
    expect(s.queue).toEqual({ smtp: { rcp: 61078, dom: 1428, kb: 512000.5 }, pipe: { rcp: 0, dom: 0, kb: 0 } });
    expect(s.spool).toEqual({ initPct: 100, totalRcp: 61078, maxRcp: 5000000, filesInUse: 900, filesTotal: 1000 });
  });

  it('gives the same model from 5.0 XML and JSON', () => {
    expect(parseBody('status', 'json', STATUS_50_JSON)).toEqual(parseBody('status', 'xml', STATUS_50_XML));
  });

  it('reads 4.5 and leaves its missing leaves null', () => {
    const s = parseBody('status', 'xml', STATUS_45_XML);
    expect(s.product.version).toBe('4.5r11');
    expect(s.resolver).toEqual({ namesCached: 50, queriesPending: 0, queriesActive: null });
    expect(s.traffic.lastHr.out.rcp).toBe(200);
    expect(s.spool.filesInUse).toBe(12);
    expect(s.state).toBe('running');
  });

  it('reads 3.5 (gmImprinted, no spool totals, no inner status) with nulls, not zeros', () => {
    const s = parseBody('status', 'xml', STATUS_35_XML);
    expect(s.product.version).toBe('3.5r16');
    expect(s.traffic.total.bounceProcessed).toBeNull();
    expect(s.traffic.total.feedbackLoopProcessed).toBeNull();
    expect(s.traffic.total.out).toEqual({ rcp: 300, msg: 299, kb: 300.5 });
    expect(s.resolver.queriesActive).toBeNull();
    expect(s.spool).toEqual({ initPct: 100, totalRcp: null, maxRcp: null, filesInUse: 3, filesTotal: 50 });
    expect(s.state).toBeNull();
    expect(Object.keys(s.queue)).toEqual(['smtp', 'gmImprinter']);
  });

  it('maps a nearly empty status to nulls everywhere', () => {
    const s = parseBody('status', 'xml', '<rsp><data><mta/><status><traffic><lastHr/></traffic></status></data><succ/></rsp>');
    expect(s.hostName).toBeNull();
    expect(s.shuttingDown).toBeNull();
    expect(s.traffic.lastHr.in).toEqual({ rcp: null, msg: null, kb: null });
    expect(s.conn.smtpOut).toEqual({ cur: null, max: null, top: null });
    expect(s.queue).toEqual({});
  });

  it('rejects a non-numeric counter naming its path', () => {
    const bad = STATUS_50_XML.replace('<namesCached>1234</namesCached>', '<namesCached>12x</namesCached>');
    expect(() => parseBody('status', 'xml', bad)).toThrow('status.resolver.namesCached: expected a number, got "12x"');
    const bad2 = STATUS_50_XML.replace('<total><out><rcp>1000</rcp>', '<total><out><rcp>lots</rcp>');
    expect(() => parseBody('status', 'xml', bad2)).toThrow('status.traffic.total.out.rcp: expected a number');
  });

  it('accepts shuttingDown in every documented form', () => {
    const make = (v: string) => `<rsp><data><mta/><status><shuttingDown>${v}</shuttingDown></status></data><succ/></rsp>`;
    for (const [v, want] of [
      ['1', true],
      ['0', false],
      ['yes', true],
      ['no', false],
      ['true', true],
      ['FALSE', false],
    ] as const) {
      expect(parseBody('status', 'xml', make(v)).shuttingDown).toBe(want);
    }
    const json = (v: unknown) => JSON.stringify({ data: { mta: {}, status: { shuttingDown: v } }, status: 'success', message: '' });
    expect(parseBody('status', 'json', json(true)).shuttingDown).toBe(true);
    expect(parseBody('status', 'json', json(0)).shuttingDown).toBe(false);
    expect(() => parseBody('status', 'xml', make('maybe'))).toThrow('status.shuttingDown: expected yes/no/true/false/1/0, got "maybe"');
  });
});
