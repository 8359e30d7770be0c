import { describe, expect, it } from 'vitest';
import { Exposition } from './prometheus';

describe('Exposition', () => {
  it('writes HELP/TYPE once per family, escapes labels and skips unknown values', () => {
    const m = new Exposition();
    m.add('x_total', 'counter', 'Things.', { node: 'a"b\\c\nd' }, 3);
    m.add('x_total', 'counter', 'Things.', { node: 'b' }, null);
    m.add('x_total', 'counter', 'Things.', { node: 'c' }, NaN);
    m.add('y', 'gauge', 'Y.', {}, 1.5);
    expect(m.toString()).toBe('# HELP x_total Things.\n# TYPE x_total counter\nx_total{node="a\\"b\\\\c\\nd"} 3\n# HELP y Y.\n# TYPE y gauge\ny 1.5\n');
  });
});
