import { describe, expect, it } from 'vitest';
import { DEFAULT_VIEW, nextSort, parseQueueView, viewParams } from './queue-url';

describe('queue view in the URL', () => {
  it('round-trips through URL parameters', () => {
    const v = parseQueueView(new URLSearchParams('q=gmail&node=pmta2&vmta=vmta-2&mode=backoff&paused=false&errors=true&sort=name&dir=asc'));
    expect(v).toEqual({ q: 'gmail', node: 'pmta2', vmta: 'vmta-2', mode: 'backoff', paused: 'false', errors: 'true', sort: 'name', dir: 'asc' });
    const sp = new URLSearchParams(Object.entries(viewParams(v)).filter(([, x]) => x !== undefined) as [string, string][]);
    expect(parseQueueView(sp)).toEqual(v);
  });

  it('falls back to defaults on junk and leaves defaults out of the API parameters', () => {
    const v = parseQueueView(new URLSearchParams('mode=weird&sort=drop table&dir=up&node=../x&vmta=a/b'));
    expect(v).toEqual(DEFAULT_VIEW);
    expect(Object.values(viewParams(v)).filter((x) => x !== undefined)).toEqual([]);
  });

  it('flips direction on the same column, starts numbers descending and text ascending', () => {
    expect(nextSort(DEFAULT_VIEW, 'rcp')).toEqual({ sort: 'rcp', dir: 'asc' });
    expect(nextSort(DEFAULT_VIEW, 'kb')).toEqual({ sort: 'kb', dir: 'desc' });
    expect(nextSort(DEFAULT_VIEW, 'domain')).toEqual({ sort: 'domain', dir: 'asc' });
    expect(nextSort(DEFAULT_VIEW, 'conn')).toEqual({ sort: 'conn', dir: 'desc' });
    expect(nextSort(DEFAULT_VIEW, 'mode')).toEqual({ sort: 'mode', dir: 'desc' });
    expect(nextSort(DEFAULT_VIEW, 'paused')).toEqual({ sort: 'paused', dir: 'desc' });
    expect(nextSort(DEFAULT_VIEW, 'retryTime')).toEqual({ sort: 'retryTime', dir: 'asc' });
    expect(nextSort({ ...DEFAULT_VIEW, sort: 'retryTime', dir: 'asc' }, 'retryTime')).toEqual({ sort: 'retryTime', dir: 'desc' });
  });
});
