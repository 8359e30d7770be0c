import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { detached, detachedOrNull } from './detach';

describe('detached', () => {
  it('gives back an equal string, whatever its characters', () => {
    const text = `d,x,${'weekly-digest-481'},"quoted ""x""",é→𝄞,\ud800 lone,${'q'.repeat(5000)}\n`;
    for (let from = 0; from < text.length; from += 7)
      for (const len of [0, 1, 12, 13, 40, 6000]) {
        const s = text.slice(from, from + len);
        expect(detached(s)).toBe(s);
      }
    expect(detached('__proto__')).toBe('__proto__');
    expect(detachedOrNull(null)).toBeNull();
    expect(detachedOrNull('gmail-smtp-in.l.google.com')).toBe('gmail-smtp-in.l.google.com');
  });

  it('does not keep the text a cell was cut from alive (what it is for)', () => {
    // 100 cells cut from texts of 1 MiB each: kept as views they hold 100 MiB, detached ~nothing.
    const script = `
      import { detached } from ${JSON.stringify(path.join(import.meta.dirname, 'detach.ts'))};
      const heldMiB = (f) => {
        const kept = [];
        for (let i = 0; i < 100; i++) kept.push(f((String(i).padStart(8, '0') + 'y'.repeat(1 << 20)).slice(2, 40)));
        gc(); gc();
        const mib = process.memoryUsage().heapUsed / 2 ** 20;
        return kept.length && mib;
      };
      const views = heldMiB((s) => s);
      gc(); gc();
      console.log(JSON.stringify({ views, detached: heldMiB(detached) }));`;
    const out = execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8' });
    const { views, detached: held } = JSON.parse(out) as { views: number; detached: number };
    expect(views).toBeGreaterThan(90);
    expect(held).toBeLessThan(30);
  });
});
