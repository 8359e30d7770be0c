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
    for (const kind of ['domains', 'vmtas', 'jobs', 'logs', 'queueDetail', 'domainDetail'] as const) {
      expect(() => parseBody(kind, format, text)).toThrow(new RegExp(`not a /${kind} reply`));
    }
  });

  it('a /domains list answering /vmtas, and a queue list answering /domains', () => {
    expect(() => parseBody('vmtas', 'xml', xmlOf('<domain><name>a.com</name><rcp>1</rcp></domain>'))).toThrow('not a /vmtas reply: no <vmta> but has <domain>');
    expect(() => parseBody('domains', 'xml', QUEUES_XML)).toThrow('not a /domains reply: no <domain> but has <queue>');
  });

  it('/status needs both parts, as elements', () => {
    expect(() => parseBody('status', 'xml', xmlOf('<title>Top 10 queues</title>'))).toThrow('no <mta>, <status>');
    expect(() => parseBody('status', 'json', jsonOf({ mta: 'x', status: 'running' }))).toThrow('<mta>, <status> is not an element');
    expect(() => parseBody('status', 'json', jsonOf({}))).toThrow('(empty data)');
  });

  it('still accepts empty lists and real replies', () => {
    expect(parseBody('queues', 'xml', xmlOf('<title>Top 10 queues</title><totalRcp>0</totalRcp>')).queues).toEqual([]);
    expect(parseBody('domains', 'json', jsonOf({}))).toEqual([]);
    expect(parseBody('jobs', 'xml', xmlOf(''))).toEqual([]);
    expect(parseBody('status', 'xml', STATUS_50_XML).hostName).not.toBeNull();
    expect(parseBody('queues', 'json', QUEUES_JSON).queues.length).toBeGreaterThan(0);
  });
});
