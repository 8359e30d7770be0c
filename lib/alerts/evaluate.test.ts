import { describe, expect, it } from 'vitest';
import { alertsSchema } from '@/lib/config/alerts-schema';
import { resolveRules, type AlertRule } from './rules';
import { step } from './evaluate';
import type { Observation } from './observe';
import type { AlertRow } from './types';

const rules = resolveRules(alertsSchema.parse({ rules: { backlog: { threshold: 1000, for: '60s', keepFiringFor: '30s', hysteresis: 0.2 } } }));
const backlog = rules.find((r) => r.name === 'backlog')!;

function obs(rule: AlertRule, value: number): Observation[] {
  const floor = rule.threshold * (1 - rule.hysteresis);
  return value < floor ? [] : [{ rule, labels: { node: 'n1', domain: 'd.com' }, value, fires: value >= rule.threshold, summary: `${value}`, link: '/x' }];
}

/** Runs the state machine over (time s, value) steps, carrying the rows like the store does. */
function run(points: [number, number][]): { t: number; state: string; change: string }[] {
  let active: AlertRow[] = [];
  const out: { t: number; state: string; change: string }[] = [];
  for (const [t, v] of points) {
    const tr = step(active, obs(backlog, v), rules, t * 1000);
    for (const x of tr) out.push({ t, state: x.row.state, change: x.change });
    active = tr.filter((x) => x.change !== 'cleared' && x.row.state !== 'resolved').map((x) => ({ ...x.row, id: x.row.id || 1 }));
  }
  return out;
}

describe('pending → firing → resolved', () => {
  it('waits out for:, fires, and resolves only after keepFiringFor below the hysteresis floor', () => {
    const r = run([
      [0, 1200],
      [30, 1100],
      [61, 1050],
      [90, 900],
      [100, 790],
      [120, 700],
      [131, 700],
    ]);
    expect(r.map((x) => `${x.t}:${x.change}`)).toEqual(['0:new-pending', '30:updated', '61:fired', '90:updated', '100:updated', '120:updated', '131:resolved']);
  });

  it('a value hovering at the threshold does not flap', () => {
    const r = run([
      [0, 1001],
      [61, 1001],
      [70, 999],
      [80, 1001],
      [90, 950],
      [100, 1002],
    ]);
    expect(r.filter((x) => x.change === 'fired' || x.change === 'resolved').map((x) => x.change)).toEqual(['fired']);
  });

  it('a pending alert that clears leaves nothing', () => {
    expect(
      run([
        [0, 1200],
        [30, 500],
      ]).map((x) => x.change),
    ).toEqual(['new-pending', 'cleared']);
  });
});

describe('alerts configuration', () => {
  it('needs a kind for a custom rule and known receivers in routes', () => {
    expect(alertsSchema.safeParse({ rules: { mine: { threshold: 3 } } }).success).toBe(false);
    expect(alertsSchema.safeParse({ routes: [{ receivers: ['nobody'] }] }).success).toBe(false);
    expect(alertsSchema.safeParse({ receivers: [{ name: 'h', type: 'webhook', url: 'https://x.test/h', secret: 'short' }] }).success).toBe(false);
  });

  it('built-ins are on by default, overridable and disabled by name; custom rules follow', () => {
    const r = resolveRules(
      alertsSchema.parse({
        rules: {
          spool: { enabled: false },
          'node-down': { for: '30s' },
          big: { kind: 'backlog', threshold: 5, filter: { domain: '*.example' }, labels: { team: 'x' } },
        },
      }),
    );
    const names = r.map((x) => x.name);
    expect(names).not.toContain('spool');
    expect(names.at(-1)).toBe('big');
    expect(r.find((x) => x.name === 'node-down')!.forSeconds).toBe(30);
    expect(r.find((x) => x.name === 'big')).toMatchObject({
      kind: 'backlog',
      builtIn: false,
      threshold: 5,
      labels: { team: 'x' },
      filter: { domain: '*.example' },
    });
  });
});
