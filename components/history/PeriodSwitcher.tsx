'use client';
import { useState } from 'react';
import { fmtUtcInput } from '@/lib/format';
import { isCustom, parseCustomRange, PERIODS, type Period } from './period';

/** 1h / 6h / 24h / 7d buttons and a free from–to range (UTC); the caller keeps the value (useHistoryPeriod puts it in the URL). */
export function PeriodSwitcher({ value, onChange }: { value: Period; onChange: (p: Period) => void }) {
  const custom = isCustom(value);
  const [editing, setEditing] = useState(false);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  // Opening the editor starts from the current range, or the last 6 hours.
  const openEditor = () => {
    const now = Date.now();
    const start = custom ? value : { from: now - 6 * 3_600_000, to: now };
    setFrom(fmtUtcInput(start.from));
    setTo(fmtUtcInput(start.to));
    setEditing(true);
  };
  const range = parseCustomRange(from, to);
  return (
    <div
      role="group"
      aria-label="Chart period"
      data-testid="period-switcher"
      style={{ display: 'inline-flex', gap: 4, flexWrap: 'wrap', alignItems: 'center' }}
    >
      {PERIODS.map((p) => (
        <button
          key={p}
          type="button"
          className={p === value ? 'primary' : undefined}
          aria-pressed={p === value}
          data-testid={`period-${p}`}
          onClick={() => (setEditing(false), onChange(p))}
        >
          {p}
        </button>
      ))}
      <button
        type="button"
        className={custom ? 'primary' : undefined}
        aria-pressed={custom}
        aria-expanded={editing}
        data-testid="period-custom"
        onClick={() => (editing ? setEditing(false) : openEditor())}
      >
        {custom ? `${fmtUtcInput(value.from).replace('T', ' ')} – ${fmtUtcInput(value.to).replace('T', ' ')} UTC` : 'Range…'}
      </button>
      {editing ? (
        <span className="row" style={{ gap: 4 }}>
          <label>
            from (UTC) <input type="datetime-local" value={from} onChange={(e) => setFrom(e.target.value)} data-testid="period-from" />
          </label>
          <label>
            to (UTC) <input type="datetime-local" value={to} onChange={(e) => setTo(e.target.value)} data-testid="period-to" />
          </label>
          <button
            type="button"
            className="primary"
            disabled={!range}
            title={range ? undefined : 'from must be before to (at most 90 days)'}
            data-testid="period-apply"
            onClick={() => range && (setEditing(false), onChange(range))}
          >
            Apply
          </button>
        </span>
      ) : null}
    </div>
  );
}
