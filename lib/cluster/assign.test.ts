import { describe, expect, it } from 'vitest';
import { assignBalanced, rendezvousOwner } from './assign';

const nodes = ['n1', 'n2', 'n3', 'n4', 'n5', 'n6'];
const count = (m: Map<string, string>) => {
  const c = new Map<string, number>();
  for (const r of m.values()) c.set(r, (c.get(r) ?? 0) + 1);
  return c;
};

describe('lease assignment', () => {
  it('gives every node to exactly one replica, at most ceil(nodes / replicas) each, the same in every replica', () => {
    const a = assignBalanced(nodes, ['r-a', 'r-b', 'r-c']);
    expect([...a.keys()].sort()).toEqual(nodes);
    expect([...count(a).values()].sort()).toEqual([2, 2, 2]);
    // Order of the replica list does not matter: every replica computes the same map.
    expect(assignBalanced(nodes, ['r-c', 'r-a', 'r-b'])).toEqual(a);
    expect(Math.max(...count(assignBalanced(nodes, ['r-a', 'r-b', 'r-c', 'r-d'])).values())).toBe(2);
  });

  it('moves only the dead replica’s nodes when one of three leaves', () => {
    const before = assignBalanced(nodes, ['r-a', 'r-b', 'r-c']);
    const after = assignBalanced(nodes, ['r-a', 'r-b'], before);
    expect([...count(after).values()].sort()).toEqual([3, 3]);
    for (const [n, r] of before) if (r !== 'r-c') expect(after.get(n)).toBe(r);
  });

  it('a joining replica takes only the surplus of the others', () => {
    const before = assignBalanced(nodes, ['r-a', 'r-b']);
    const after = assignBalanced(nodes, ['r-a', 'r-b', 'r-c'], before);
    expect([...count(after).values()].sort()).toEqual([2, 2, 2]);
    const moved = [...after].filter(([n, r]) => before.get(n) !== r);
    expect(moved.map(([, r]) => r)).toEqual(['r-c', 'r-c']);
  });

  it('one replica takes everything; no replica, nothing', () => {
    expect(count(assignBalanced(nodes, ['solo'])).get('solo')).toBe(6);
    expect(assignBalanced(nodes, []).size).toBe(0);
    expect(rendezvousOwner('task:resumes', [])).toBeNull();
    expect(['r-a', 'r-b']).toContain(rendezvousOwner('task:resumes', ['r-a', 'r-b']));
  });
});
