import { describe, expect, it } from 'vitest';
import { assertSafeCommand } from './commands';
import { buildToolCommand, checkSourceIp, intervalMs } from './tool-commands';

describe('toolbox commands (guide §6.3)', () => {
  it('builds each command in the documented form', () => {
    expect(buildToolCommand({ kind: 'pause-job', job: 'spring-sale-2026' })).toBe('pause job spring-sale-2026');
    expect(buildToolCommand({ kind: 'resume-job', job: 'weekly.digest_481' })).toBe('resume job weekly.digest_481');
    expect(buildToolCommand({ kind: 'retry-recipients', pattern: 'gmail.com' })).toBe('schedule --retry-recipients gmail.com/*');
    expect(buildToolCommand({ kind: 'delete', pattern: 'gmail.com/vmta-1' })).toBe('delete --queue=gmail.com/vmta-1');
    expect(buildToolCommand({ kind: 'delete', pattern: 'x.org/{default}', olderThan: '2h', dsn: true })).toBe(
      'delete --dsn --queue=x.org/{default} --older-than=2h',
    );
    expect(buildToolCommand({ kind: 'disable-source', ip: '192.0.2.10', pattern: 'gmail.com', reenableAfter: '1h' })).toBe(
      'disable source --reenable-after=1h 192.0.2.10 gmail.com/*',
    );
    expect(buildToolCommand({ kind: 'enable-source', ip: '2001:DB8::1', pattern: 'bücher.de/vmta-1' })).toBe('enable source 2001:db8::1 bücher.de/vmta-1');
    expect(buildToolCommand({ kind: 'show-disabled-sources' })).toBe('show disabled sources');
    expect(buildToolCommand({ kind: 'show-settings', pattern: 'gmail.com/vmta-1' })).toBe('show settings gmail.com/vmta-1');
    expect(buildToolCommand({ kind: 'show-license' })).toBe('show license');
  });

  it('refuses malformed job ids, IPs, intervals and patterns', () => {
    for (const job of ['', '-x', 'a b', 'a;b', 'x'.repeat(65), '--queue=*/*', 'é'])
      expect(() => buildToolCommand({ kind: 'pause-job', job })).toThrow(/job id/);
    for (const ip of ['256.1.1.1', '1.2.3', '01.2.3.4', '1.2.3.4/24', 'fe80::1%eth0', '1:2:3:4:5:6:7:8:9', '::1::', 'example.com', '']) {
      expect(() => checkSourceIp(ip)).toThrow(/IPv4 or IPv6/);
    }
    expect(checkSourceIp('::ffff:192.0.2.1')).toBe('::ffff:192.0.2.1');
    expect(checkSourceIp('1:2:3:4:5:6:7:8')).toBe('1:2:3:4:5:6:7:8');
    for (const i of ['', '1', 'h', '1x', '1h;', '-1h', '0s', '1h 2m']) expect(() => intervalMs(i)).toThrow(/interval/);
    expect(intervalMs('4d12h')).toBe((4 * 24 + 12) * 3600_000);
    expect(() => buildToolCommand({ kind: 'delete', pattern: 'gmail.com', olderThan: '1y' })).toThrow(/interval/);
    expect(() => buildToolCommand({ kind: 'delete', pattern: '--queue=*' })).toThrow();
    expect(() => buildToolCommand({ kind: 'delete', pattern: '*/vmta-1' })).toThrow(/named domain/);
    expect(() => buildToolCommand({ kind: 'disable-source', ip: '192.0.2.1', pattern: 'gm ail.com' })).toThrow();
  });

  it('the client re-check accepts exactly what the builder builds', () => {
    const built = buildToolCommand({ kind: 'disable-source', ip: '192.0.2.10', pattern: 'gmail.com', reenableAfter: '30m' });
    expect(assertSafeCommand(built)).toBe(built);
    expect(assertSafeCommand('delete --queue=gmail.com/*')).toBe('delete --queue=gmail.com/*');
    for (const forged of [
      'delete',
      'delete --queue=*/* ; reload',
      'pause job a b',
      'enable source 1.2.3.4 gmail.com',
      'show settings',
      'reload',
      'disable source 1.2.3.999 a.com/*',
    ]) {
      expect(() => assertSafeCommand(forged)).toThrow();
    }
  });
});
