import { describe, expect, it } from 'vitest';
import { assertSafeCommand, buildQueueCommand, parseQueuePattern, queueMatchesPattern, type QueueAction } from './commands';
import { CommandRejectedError } from './errors';

describe('buildQueueCommand', () => {
  it('builds the four whitelisted verbs', () => {
    expect(buildQueueCommand({ action: 'pause', pattern: 'gmail.com/vmta-1' })).toBe('pause queue gmail.com/vmta-1');
    expect(buildQueueCommand({ action: 'resume', pattern: '*/customer1' })).toBe('resume queue */customer1');
    expect(buildQueueCommand({ action: 'retry', pattern: 'gmail.com/*' })).toBe('schedule gmail.com/*');
    expect(buildQueueCommand({ action: 'reset-backoff', pattern: 'aol.com' })).toBe('set queue --mode=normal aol.com/*');
  });

  it('accepts the valid pattern forms', () => {
    for (const p of [
      '*/*',
      '*',
      'gmail.com',
      'GMAIL.com/VMTA_1',
      'xn--80ak6aa92e.com/v1',
      'yahoo.rollup/vmta18',
      'aol.com/23.236.100.164',
      'a-b.example.co.uk/pool_a-1',
      `${'a'.repeat(63)}.com/v`,
    ]) {
      expect(() => parseQueuePattern(p), p).not.toThrow();
    }
    expect(parseQueuePattern('gmail.com')).toEqual({ domain: 'gmail.com', vmta: '*' });
    expect(parseQueuePattern('*/vmta1')).toEqual({ domain: '*', vmta: 'vmta1' });
  });

  it('refuses injection attempts and malformed patterns with a reason', () => {
    const bad = [
      'gmail.com/x; delete --queue=*/*',
      'gmail.com/x;delete',
      'gmail.com /x',
      'gmail.com/x\ndelete --queue=*/*',
      'gmail.com/x\r',
      "gmail.com/'x'",
      'gmail.com/"x"',
      '--queue=*/*',
      '-x',
      'gmail.com/--mode=backoff',
      'gmail.com/-v',
      'gmail.com/.v',
      'gmail.com/x/y',
      'gmail.com/x|cat',
      'gmail.com/$(id)',
      'gmail.com/`id`',
      'gmail.com/x&y',
      '',
      '/',
      'gmail.com/',
      '/vmta',
      '-gmail.com',
      'gmail-.com',
      'gmail..com',
      '.gmail.com',
      'gmail.com.',
      '*.gmail.com',
      'gmail*',
      'gmail.com/vm*',
      'gmail.com/\u00e9',
      'gm_ail.com',
      'a'.repeat(64) + '.com',
      `${'a.'.repeat(127)}com`,
      'x'.repeat(300),
    ];
    for (const p of bad) {
      let caught: unknown;
      try {
        buildQueueCommand({ action: 'pause', pattern: p });
      } catch (e) {
        caught = e;
      }
      expect(caught, JSON.stringify(p)).toBeInstanceOf(CommandRejectedError);
      expect((caught as CommandRejectedError).kind).toBe('rejected');
      expect((caught as CommandRejectedError).reason.length).toBeGreaterThan(0);
    }
  });

  it('accepts reserved vMTA names in braces and Unicode IDN domains, sent as written', () => {
    expect(buildQueueCommand({ action: 'pause', pattern: 'gmail.com/{default}' })).toBe('pause queue gmail.com/{default}');
    expect(buildQueueCommand({ action: 'retry', pattern: '*/{bounceProcessor}' })).toBe('schedule */{bounceProcessor}');
    expect(parseQueuePattern('gmail.com/{default}')).toEqual({ domain: 'gmail.com', vmta: '{default}' });
    expect(buildQueueCommand({ action: 'resume', pattern: 'bücher.de/vmta29' })).toBe('resume queue bücher.de/vmta29');
    expect(buildQueueCommand({ action: 'reset-backoff', pattern: 'bücher.de/{default}' })).toBe('set queue --mode=normal bücher.de/{default}');
    expect(buildQueueCommand({ action: 'pause', pattern: 'xn--bcher-kva.de/vmta29' })).toBe('pause queue xn--bcher-kva.de/vmta29');
    const cmd = buildQueueCommand({ action: 'pause', pattern: 'bücher.de/{default}' });
    expect(assertSafeCommand(cmd)).toBe(cmd);
  });

  it('refuses anything else in braces or in a Unicode domain', () => {
    for (const p of [
      'gmail.com/{x y}',
      'gmail.com/{default}}',
      'gmail.com/{{default}',
      'gmail.com/{default};delete',
      'gmail.com/{default} --mode=backoff',
      'gmail.com/{}',
      'gmail.com/{1default}',
      'gmail.com/{de-fault}',
      'gmail.com/{default',
      'gmail.com/default}',
      'gmail.com/x{default}',
      'gmail.com/{default}x',
      'gmail.com/{--queue}',
      `gmail.com/{${'a'.repeat(40)}}`,
      '{default}/vmta-1',
      'gmail.com/{default}/x',
      'bücher.de;x/v',
      'bü cher.de/v',
      'bücher%2e.de/v',
      'bücher＠x.de/v',
      'bücher..de/v',
      '-bücher.de/v',
    ]) {
      expect(() => buildQueueCommand({ action: 'pause', pattern: p }), JSON.stringify(p)).toThrow(CommandRejectedError);
    }
  });

  it('refuses an unknown action', () => {
    expect(() => buildQueueCommand({ action: 'delete' as QueueAction, pattern: 'gmail.com' })).toThrow(CommandRejectedError);
    expect(() => buildQueueCommand({ action: 'toString' as QueueAction, pattern: 'gmail.com' })).toThrow(CommandRejectedError);
  });
});

describe('assertSafeCommand', () => {
  it('accepts what the builder builds and nothing else', () => {
    const cmd = buildQueueCommand({ action: 'reset-backoff', pattern: 'gmail.com/v1' });
    expect(assertSafeCommand(cmd)).toBe(cmd);
    expect(() => assertSafeCommand('delete --queue=*/*')).toThrow(CommandRejectedError);
    expect(() => assertSafeCommand('pause queue gmail.com')).toThrow(CommandRejectedError); // not canonical
    expect(() => assertSafeCommand('pause queue gmail.com/v1; reload')).toThrow(CommandRejectedError);
  });
});

describe('queueMatchesPattern', () => {
  const queues = ['gmail.com/vmta-1', 'gmail.com/vmta-2', 'yahoo.com/vmta-1', 'Mail.RU/VMTA-1'];
  const hits = (p: string) => queues.filter((q) => queueMatchesPattern(q, p));

  it('treats * as everything in its part and a bare domain as all vMTAs', () => {
    expect(hits('*/*')).toEqual(queues);
    expect(hits('*')).toEqual(queues);
    expect(hits('gmail.com')).toEqual(['gmail.com/vmta-1', 'gmail.com/vmta-2']);
    expect(hits('gmail.com/*')).toEqual(['gmail.com/vmta-1', 'gmail.com/vmta-2']);
    expect(hits('*/vmta-1')).toEqual(['gmail.com/vmta-1', 'yahoo.com/vmta-1', 'Mail.RU/VMTA-1']);
    expect(hits('gmail.com/vmta-2')).toEqual(['gmail.com/vmta-2']);
    expect(hits('hotmail.com')).toEqual([]);
  });

  it('compares case-insensitively and does not match prefixes', () => {
    expect(hits('mail.ru/vmta-1')).toEqual(['Mail.RU/VMTA-1']);
    expect(queueMatchesPattern('gmail.com/vmta-10', 'gmail.com/vmta-1')).toBe(false);
    expect(queueMatchesPattern('xgmail.com/vmta-1', 'gmail.com/vmta-1')).toBe(false);
  });

  it('matches a Unicode domain and its punycode form both ways, and reserved vMTAs exactly', () => {
    expect(queueMatchesPattern('xn--bcher-kva.de/vmta-1', 'bücher.de/*')).toBe(true);
    expect(queueMatchesPattern('bücher.de/vmta-1', 'xn--bcher-kva.de')).toBe(true);
    expect(queueMatchesPattern('BÜCHER.de/vmta-1', 'bücher.de/vmta-1')).toBe(true);
    expect(queueMatchesPattern('buecher.de/vmta-1', 'bücher.de')).toBe(false);
    expect(queueMatchesPattern('gmail.com/{default}', 'gmail.com/{default}')).toBe(true);
    expect(queueMatchesPattern('gmail.com/{default}', '*/vmta-1')).toBe(false);
    expect(queueMatchesPattern('gmail.com/{default}', 'gmail.com')).toBe(true);
  });

  it('accepts a parsed pattern and throws on an invalid string', () => {
    const p = parseQueuePattern('*/vmta-2');
    expect(queueMatchesPattern('gmail.com/vmta-2', p)).toBe(true);
    expect(() => queueMatchesPattern('gmail.com/vmta-2', 'gmail.com; x')).toThrow(CommandRejectedError);
  });
});
