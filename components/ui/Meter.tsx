/** A thin usage bar (connections vs max, spool use); amber over 75 %, red over 90 %. */
export function Meter({ value, max, label }: { value: number | null; max: number | null; label: string }) {
  if (value === null || max === null || max <= 0) return null;
  const pct = Math.min(100, Math.max(0, (value / max) * 100));
  return (
    <div
      className={`meter${pct > 90 ? ' danger' : pct > 75 ? ' warn' : ''}`}
      role="meter"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={max}
      aria-valuenow={value}
    >
      <span style={{ width: `${pct}%` }} />
    </div>
  );
}
