'use client';
// The accounting time-range picker shared by the bounces, source-IP and job pages: the range
// lives in the URL, and the default range is written as no parameter at all.
import { DEFAULT_RANGE, RANGES } from './bounce-view';

export function RangeSelect({ range, onChange, testId }: { range: string | null | undefined; onChange: (range: string | null) => void; testId?: string }) {
  return (
    <select
      aria-label="Time range"
      data-testid={testId}
      value={range ?? DEFAULT_RANGE}
      onChange={(e) => onChange(e.target.value === DEFAULT_RANGE ? null : e.target.value)}
    >
      {Object.entries(RANGES).map(([k, label]) => (
        <option key={k} value={k}>
          {label}
        </option>
      ))}
    </select>
  );
}
