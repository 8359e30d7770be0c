import { hashKey } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import { parseQueueView, queueWindowParams, viewParams } from '@/components/queues/queue-url';
import { queryKeys } from './keys';
import { searchParamsOf } from './search-params';

describe('server pages read the URL as the client does', () => {
  it('keeps repeated keys in order and drops absent ones', () => {
    const sp = searchParamsOf({ q: ['gmail', 'yahoo'], node: 'pmta2', sort: undefined });
    expect(sp.get('q')).toBe('gmail');
    expect(sp.getAll('q')).toEqual(['gmail', 'yahoo']);
    expect(sp.has('sort')).toBe(false);
  });

  it("gives the queues page's prefetch the query key of the client's first window", () => {
    const url = '?q=gmail&node=pmta2&sort=domain&dir=desc&mode=bogus&q=ignored';
    // Next's searchParams object for that URL, and what useSearchParams() gives the client.
    const server = searchParamsOf({ q: ['gmail', 'ignored'], node: 'pmta2', sort: 'domain', dir: 'desc', mode: 'bogus' });
    const client = new URLSearchParams(url);
    const serverKey = queryKeys.queues(queueWindowParams(viewParams(parseQueueView(server)), 0));
    const clientKey = queryKeys.queues(queueWindowParams(viewParams(parseQueueView(client)), 0));
    expect(hashKey(serverKey)).toBe(hashKey(clientKey));
    // …and it is the view the URL says (the malformed mode falls back to the default).
    expect(serverKey[2]).toEqual({
      q: 'gmail',
      node: 'pmta2',
      mode: undefined,
      paused: undefined,
      errors: undefined,
      sort: 'domain',
      dir: undefined,
      offset: 0,
      limit: 400,
    });
  });
});
