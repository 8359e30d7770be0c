'use client';
// Bounces by category: one bar per category (the 17 built-in ones always, custom ones when
// seen), coloured by class, with the exact numbers in a table beside it.
import { Bar, BarChart, CartesianGrid, Cell, Tooltip, XAxis, YAxis } from 'recharts';
import type { CategoryCount } from '@/lib/accounting/store/types';
import { fmtInt } from '@/lib/format';
import styles from './Bounces.module.css';

const CLASS_COLOR: Record<string, string> = { hard: 'var(--danger)', soft: 'var(--warn)', custom: 'var(--accent)', unknown: 'var(--muted)' };
const fmtCount = (v: number) => fmtInt(v);
const fmtTooltip = (v: unknown) => fmtInt(typeof v === 'number' ? v : Number(v));

export function CategoryChart({ categories }: { categories: CategoryCount[] }) {
  // One table row is ~23 px tall: the chart matches the table beside it.
  const height = Math.max(200, categories.length * 23 + 30);
  return (
    <div className={styles.split}>
      <div style={{ height }} data-testid="category-chart">
        <BarChart responsive style={{ width: '100%', height }} layout="vertical" data={categories} margin={{ top: 0, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid stroke="var(--chart-grid)" horizontal={false} />
          <XAxis type="number" tickFormatter={fmtCount} stroke="var(--muted)" fontSize={11} allowDecimals={false} />
          <YAxis type="category" dataKey="category" width={130} stroke="var(--muted)" fontSize={11} interval={0} />
          <Tooltip formatter={fmtTooltip} isAnimationActive={false} contentStyle={{ background: 'var(--panel)', border: '1px solid var(--border)', fontSize: 12 }} />
          <Bar dataKey="bounces" name="bounces" isAnimationActive={false}>
            {categories.map((c) => (
              <Cell key={c.category} fill={CLASS_COLOR[c.class] ?? 'var(--muted)'} />
            ))}
          </Bar>
        </BarChart>
      </div>
      <table className="data" data-testid="category-table">
        <thead>
          <tr>
            <th>Category</th>
            <th>Class</th>
            <th className="num">Bounces</th>
            <th className="num">Remote</th>
          </tr>
        </thead>
        <tbody>
          {categories.map((c) => (
            <tr key={c.category} data-testid={`cat-row-${c.category || 'none'}`}>
              <td className={styles.nowrap}>{c.category || <span className="muted">(none)</span>}</td>
              <td>
                <span className={`badge ${c.class === 'hard' ? 'danger' : c.class === 'soft' ? 'warn' : ''}`}>{c.class}</span>
              </td>
              <td className="num" data-testid="cat-bounces">{fmtInt(c.bounces)}</td>
              <td className="num">{fmtInt(c.remoteBounces)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
