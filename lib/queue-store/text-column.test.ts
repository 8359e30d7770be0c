// JoinedText and InternedText must give exactly what `join('\n')` and Map interning give,
// code unit for code unit (one-byte and two-byte texts, lone surrogates, empty entries,
// entries written from a range of a longer text, tables that grow).
import { describe, expect, it } from 'vitest';
import { InternedText, JoinedText } from './text-column';
import { mulberry32 } from '@/sim/core/prng';

// mulberry32 (sim/core/prng.ts): deterministic, so a failure is reproducible from its seed and index.
const prng = mulberry32;

const ALPHABETS = ['abc.-/', 'abcü é', 'a日本\ud800\udc00', 'x\ud800\udfff\u00ff'];

function words(seed: number, count: number, alphabet: string): string[] {
  const rnd = prng(seed);
  return Array.from({ length: count }, () => {
    let w = '';
    const len = Math.floor(rnd() * 6);
    for (let i = 0; i < len; i++) w += alphabet[Math.floor(rnd() * alphabet.length)];
    return w;
  });
}

describe('JoinedText', () => {
  it.each(ALPHABETS)('equals join("\\n") (alphabet %j)', (alphabet) => {
    const ws = words(alphabet.length, 5000, alphabet);
    const j = new JoinedText(8);
    for (const w of ws) j.push(`<${w}>`, 1, w.length + 1);
    expect(j.toString()).toBe(ws.join('\n'));
  });

  it('is empty for no entries and for one empty entry', () => {
    expect(new JoinedText().toString()).toBe('');
    const j = new JoinedText();
    j.push('');
    expect(j.toString()).toBe('');
  });
});

describe('InternedText', () => {
  it.each(ALPHABETS)('numbers entries as Map interning does (alphabet %j)', (alphabet) => {
    const ws = words(alphabet.length + 7, 20000, alphabet);
    const map = new Map<string, number>();
    const t = new InternedText(4);
    for (const w of ws) {
      if (!map.has(w)) map.set(w, map.size);
      expect(t.id(`"${w}"`, 1, w.length + 1)).toBe(map.get(w));
    }
    expect(t.count).toBe(map.size);
    expect(t.toString()).toBe([...map.keys()].join('\n'));
  });
});
