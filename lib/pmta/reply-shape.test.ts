import { describe, expect, it } from 'vitest';
import { parseBody } from './parse-body';
import { QUEUES_JSON, QUEUES_XML } from './__fixtures__/queues';
import { STATUS_50_JSON, STATUS_50_XML } from './__fixtures__/status';
import { jsonOf, xmlOf } from './__fixtures__/test-server';

describe('replies of the wrong kind are malformed, with the reason', () => {
  it.each([
    ['xml', QUEUES_XML],
    ['json', QUEUES_JSON],
  ] as const)('a queue list (%s) answering /status', (format, text) => {
    expect(() => parseBody('status', format, text)).toThrow(/not a \/status reply: no <mta>, <status> but has <queue>/);
  });

  it.each([
    ['xml', STATUS_50_XML],
    ['json', STATUS_50_JSON],
  ] as const)('a status (%s) answering /queues and every list', (format, text) => {
    expect(() => parseBody('queues', format, text)).toThrow(/not a \/queues reply: no <queue> but has <mta>, <status>/);
    for (const kind of ['logs', 'queueDetail'] as const) {
      expect(() => parseBody(kind, format, text)).toThrow(new RegExp(`not a /${kind} reply`));
    }
  });

  it('a queue list answering /logs', () => {
    expect(() => parseBody('logs', 'xml', QUEUES_XML)).toThrow('not a /logs reply: no <file> but has <queue>');
  });

  it('/status needs both parts, as elements', () => {
    expect(() => parseBody('status', 'xml', xmlOf('<title>Top 10 queues</title>'))).toThrow('no <mta>, <status>');
    expect(() => parseBody('status', 'json', jsonOf({ mta: 'x', status: 'running' }))).toThrow('<mta>, <status> is not an element');
    expect(() => parseBody('status', 'json', jsonOf({}))).toThrow('(empty data)');
  });

  it('still accepts empty lists and real replies', () => {
    expect(parseBody('queues', 'xml', xmlOf('<title>Top 10 queues</title><totalRcp>0</totalRcp>')).queues).toEqual([]);
    expect(parseBody('logs', 'json', jsonOf({}))).toEqual([]);
    expect(parseBody('logs', 'xml', xmlOf(''))).toEqual([]);
    expect(parseBody('status', 'xml', STATUS_50_XML).hostName).not.toBeNull();
    expect(parseBody('queues', 'json', QUEUES_JSON).queues.length).toBeGreaterThan(0);
  });
});
