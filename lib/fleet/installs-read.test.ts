// Read-side behaviour for real installs: IDN queue names found in either form, `{default}`
// queues filtered like any other, and a queue list the node cut short marked truncated.
import { describe, expect, it } from 'vitest';
import type { NodeStatus, Queue } from '@/lib/pmta/types';
import { otherIdnForm } from '@/lib/queue-store/idn-forms';
import { queueListTruncation } from './list-truncation';
import { toColumns } from '@/lib/queue-store/queue-columns';
import { queryQueues } from '@/lib/queue-store/queue-query';
import { QueueTable } from '@/lib/queue-store/queue-table';

function q(name: string, rcp: number): Queue {
  const [domain, vmta] = name.split('/') as [string, string];
  return { name, domain, vmta, rcp, kb: rcp, conn: 0, paused: false, mode: 'normal', retryTime: null, events: [] };
}
const table = (queues: Queue[], totalQueuesWithRcp: number | null = null) =>
  new QueueTable(toColumns({ queues, totalRcp: null, totalQueuesWithRcp, truncated: totalQueuesWithRcp !== null && queues.length < totalQueuesWithRcp }));

describe('IDN forms', () => {
  it('maps Unicode and punycode both ways and leaves plain names alone', () => {
    expect(otherIdnForm('bücher.de')).toBe('xn--bcher-kva.de');
    expect(otherIdnForm('xn--bcher-kva.de')).toBe('bücher.de');
    expect(otherIdnForm('XN--BCHER-KVA.example')).toBe('bücher.example');
    expect(otherIdnForm('gmail.com')).toBeNull();
    expect(otherIdnForm('yahoo.rollup')).toBeNull();
  });

  it('the queue search finds either form from either spelling', () => {
    const sources = [
      { node: 'mta1', table: table([q('bücher.de/vmta-1', 5), q('gmail.com/{default}', 9), q('gmail.com/vmta-1', 3)]) },
      { node: 'mta2', table: table([q('xn--bcher-kva.de/vmta-2', 7), q('xn--mller-kva.example/vmta-1', 1)]) },
    ];
    const find = (text: string) =>
      queryQueues(sources, { filter: { text }, sort: 'name', dir: 'asc', offset: 0, limit: 100 })
        .rows.map((r) => `${r.node}:${r.name}`)
        .sort();
    expect(find('bücher')).toEqual(['mta1:bücher.de/vmta-1', 'mta2:xn--bcher-kva.de/vmta-2']);
    expect(find('xn--bcher')).toEqual(['mta1:bücher.de/vmta-1', 'mta2:xn--bcher-kva.de/vmta-2']);
    expect(find('BÜCHER.DE/vmta-2')).toEqual(['mta2:xn--bcher-kva.de/vmta-2']);
    expect(find('müller')).toEqual(['mta2:xn--mller-kva.example/vmta-1']);
    expect(find('{default}')).toEqual(['mta1:gmail.com/{default}']);
    expect(find('gmail.com/')).toEqual(['mta1:gmail.com/vmta-1', 'mta1:gmail.com/{default}'].sort());
  });
});

describe('queueListTruncation', () => {
  const status = (dom: number) => ({ queue: { smtp: { rcp: 100, dom, kb: 1 } } }) as unknown as NodeStatus;

  it('names the reason when the node listed fewer queues than its totals say', () => {
    const ten = Array.from({ length: 10 }, (_, i) => q(`d${i}.example/v`, 10 - i));
    expect(queueListTruncation(table(ten, 1428), status(900))).toBe(
      'the node listed 10 of 1,428 queues with recipients (totalQueuesWithRcp): it honours neither maxitems nor maxItems',
    );
    // No totals in the reply: /status's domain count says so instead.
    expect(queueListTruncation(table(ten), status(900))).toBe('the queue list has 10 domains with recipients, /status counts 900 (queue.smtp.dom)');
  });

  it('a whole list is not truncated, within a little slack for mail arriving between the two replies', () => {
    const all = Array.from({ length: 40 }, (_, i) => q(`d${i}.example/v`, 1));
    expect(queueListTruncation(table(all, 40), status(40))).toBeNull();
    expect(queueListTruncation(table(all), status(41))).toBeNull();
    expect(queueListTruncation(table(all), null)).toBeNull();
    expect(queueListTruncation(null, status(5))).toBeNull();
  });
});
