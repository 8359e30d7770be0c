'use client';
// Bounces by category: one bar per category (the 17 built-in ones always, custom ones when
// seen), coloured by class, with the exact numbers in a table beside it.
import { Bar, BarChart, CartesianGrid, Cell, Tooltip, XAxis, YAxis } from 'recharts';
import type { CategoryCount } from '@/lib/accounting/store/types';
import { fmtInt } from '@/lib/format';
import { SortableTh, useTableSort, type SortColumn } from '@/components/ui/SortableTh';
import { sortRows } from '@/components/ui/table-sort';
import styles from './Bounces.module.css';

type Key = 'category' | 'class' | 'bounces' | 'remote';
const COLUMNS: SortColumn<CategoryCount, Key>[] = [
  { key: 'category', value: (c) => c.category },
  { key: 'class', value: (c) => c.class },
  { key: 'bounces', value: (c) => c.bounces, numeric: true },
  { key: 'remote', value: (c) => c.remoteBounces, numeric: true },
];

const CLASS_COLOR: Record<string, string> = { hard: 'var(--danger)', soft: 'var(--warn)', custom: 'var(--accent)', unknown: 'var(--muted)' };
const fmtCount = (v: number) => fmtInt(v);
const fmtTooltip = (v: unknown) => `${fmtInt(typeof v === 'number' ? v : Number(v))} rcpt`;

export function CategoryChart({ categories: input }: { categories: CategoryCount[] }) {
  // Ranked by count, the biggest problem on top (ties by name); the table can be re-sorted.
  const categories = sortRows(
    sortRows(input, (c) => c.category, 'asc'),
    (c) => c.bounces,
    'desc',
  );
  const { sorted, state, onSort } = useTableSort(categories, COLUMNS, { key: 'bounces', dir: 'desc' });
  const th = { state, onSort };
  // One table row is ~23 px tall: the chart matches the table beside it.
  const height = Math.max(200, categories.length * 23 + 30);
  return (
    <div className={styles.split}>
      <div style={{ height }} data-testid="category-chart">
        <BarChart responsive style={{ width: '100%', height }} layout="vertical" data={categories} margin={{ top: 0, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid stroke="var(--chart-grid)" horizontal={false} />
          <XAxis type="number" tickFormatter={fmtCount} stroke="var(--muted)" fontSize={11} allowDecimals={false} />
          <YAxis type="category" dataKey="category" width={130} stroke="var(--muted)" fontSize={11} interval={0} />
          <Tooltip
            formatter={fmtTooltip}
            isAnimationActive={false}
            contentStyle={{ background: 'var(--panel)', border: '1px solid var(--border)', fontSize: 12 }}
          />
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
            <SortableTh k="category" {...th}>
              Category
            </SortableTh>
            <SortableTh k="class" {...th}>
              Class
            </SortableTh>
            <SortableTh k="bounces" num {...th}>
              Bounces
            </SortableTh>
            <SortableTh k="remote" num {...th} title="Remote bounces: reported back by the receiving server after it accepted the message (accounting type rb)">
              Remote
            </SortableTh>
          </tr>
        </thead>
        <tbody>
          {sorted.map((c) => (
            <tr key={c.category} data-testid={`cat-row-${c.category || 'none'}`}>
              <td className={styles.nowrap}>
                {c.category || (
                  <span className="muted" title="no bounce category in the accounting record">
                    (none)
                  </span>
                )}
              </td>
              <td>
                <span className={`badge ${c.class === 'hard' ? 'danger' : c.class === 'soft' ? 'warn' : ''}`}>{c.class}</span>
              </td>
              <td className="num" data-testid="cat-bounces">
                {fmtInt(c.bounces)}
              </td>
              <td className="num">{fmtInt(c.remoteBounces)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
