'use client';
import { PERIODS, type Period } from './period';

/** 1h / 6h / 24h / 7d buttons; the caller keeps the value (useHistoryPeriod puts it in the URL). */
export function PeriodSwitcher({ value, onChange }: { value: Period; onChange: (p: Period) => void }) {
  return (
    <div role="group" aria-label="Chart period" data-testid="period-switcher" style={{ display: 'inline-flex', gap: 4 }}>
      {PERIODS.map((p) => (
        <button
          key={p}
          type="button"
          className={p === value ? 'primary' : undefined}
          aria-pressed={p === value}
          data-testid={`period-${p}`}
          onClick={() => onChange(p)}
        >
          {p}
        </button>
      ))}
    </div>
  );
}
