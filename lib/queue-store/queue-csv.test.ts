import { describe, expect, it } from 'vitest';
import { csvHeader, queueCsvLine } from './queue-csv';

describe('queue CSV', () => {
  it('writes one CRLF line per queue with its newest error', () => {
    expect(csvHeader()).toBe('node,queue,domain,vmta,rcp,kb,conn,mode,paused,retryTime,lastError,lastErrorTime\r\n');
    const line = queueCsvLine({
      node: 'pmta1',
      name: 'gmail.com/vmta-1',
      domain: 'gmail.com',
      vmta: 'vmta-1',
      rcp: 12,
      kb: null,
      conn: 0,
      paused: false,
      mode: 'backoff',
      retryTime: '2026-01-01 10:00:00',
      events: [
        { type: 'error', time: '2026-01-01 09:59:00', text: '421-4.7.28 rate, limited' },
        { type: 'error', time: '2026-01-01 09:50:00', text: 'older' },
      ],
    });
    expect(line).toBe('pmta1,gmail.com/vmta-1,gmail.com,vmta-1,12,,0,backoff,false,2026-01-01 10:00:00,"421-4.7.28 rate, limited",2026-01-01 09:59:00\r\n');
  });
});
