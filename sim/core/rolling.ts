// Traffic counters with PowerMTA's periods: total (since start or `reset counters`),
// lastHr/lastMin (real rolling windows over simulated seconds) and topPerHr/topPerMin
// (highest window value seen, each counter independently).

export const TRAFFIC_FIELDS = ['inRcp', 'inMsg', 'inKb', 'outRcp', 'outMsg', 'outKb', 'bounce', 'fbl'] as const;
export type TrafficField = (typeof TRAFFIC_FIELDS)[number];
const F = TRAFFIC_FIELDS.length;
const INDEX = Object.fromEntries(TRAFFIC_FIELDS.map((f, i) => [f, i])) as Record<TrafficField, number>;

export type TrafficValues = Record<TrafficField, number>;

/** Sum of per-second buckets over the last `seconds` seconds, updated incrementally. */
class RollingWindow {
  readonly sums = new Float64Array(F);
  private readonly buckets: Float64Array;
  private head = -Infinity;

  constructor(private readonly seconds: number) {
    this.buckets = new Float64Array(seconds * F);
  }

  /** Moves the window so it covers (sec - seconds, sec]; expired buckets leave the sums. */
  advanceTo(sec: number): void {
    if (sec <= this.head) return;
    const from = Number.isFinite(this.head) ? Math.max(this.head + 1, sec - this.seconds + 1) : sec;
    for (let s = from; s <= sec; s++) {
      const base = (((s % this.seconds) + this.seconds) % this.seconds) * F;
      for (let f = 0; f < F; f++) {
        this.sums[f] = (this.sums[f] ?? 0) - (this.buckets[base + f] ?? 0);
        this.buckets[base + f] = 0;
      }
    }
    // Skipping more than a whole window leaves every bucket stale: clear them all.
    if (Number.isFinite(this.head) && sec - this.head > this.seconds) {
      this.buckets.fill(0);
      this.sums.fill(0);
    }
    this.head = sec;
  }

  add(sec: number, field: number, value: number): void {
    this.advanceTo(sec);
    const base = (((sec % this.seconds) + this.seconds) % this.seconds) * F;
    this.buckets[base + field] = (this.buckets[base + field] ?? 0) + value;
    this.sums[field] = (this.sums[field] ?? 0) + value;
  }
}

function toValues(arr: Float64Array): TrafficValues {
  const out = {} as TrafficValues;
  // Float sums of kb drift slightly; one decimal is all PowerMTA prints.
  for (const f of TRAFFIC_FIELDS) out[f] = Math.round((arr[INDEX[f]] ?? 0) * 10) / 10;
  return out;
}

export class TrafficCounters {
  private readonly total = new Float64Array(F);
  private readonly topMin = new Float64Array(F);
  private readonly topHr = new Float64Array(F);
  private readonly lastMin = new RollingWindow(60);
  private readonly lastHr = new RollingWindow(3600);

  add(ms: number, field: TrafficField, value: number): void {
    const sec = Math.floor(ms / 1000);
    const i = INDEX[field];
    this.total[i] = (this.total[i] ?? 0) + value;
    this.lastMin.add(sec, i, value);
    this.lastHr.add(sec, i, value);
  }

  /** Called after each simulation step: expire old seconds and update the peaks. */
  settle(ms: number): void {
    const sec = Math.floor(ms / 1000);
    this.lastMin.advanceTo(sec);
    this.lastHr.advanceTo(sec);
    for (let f = 0; f < F; f++) {
      this.topMin[f] = Math.max(this.topMin[f] ?? 0, this.lastMin.sums[f] ?? 0);
      this.topHr[f] = Math.max(this.topHr[f] ?? 0, this.lastHr.sums[f] ?? 0);
    }
  }

  /** `reset counters`: totals and peaks start again; the rolling windows keep running. */
  reset(): void {
    this.total.fill(0);
    this.topMin.fill(0);
    this.topHr.fill(0);
  }

  snapshot(): { total: TrafficValues; lastHr: TrafficValues; lastMin: TrafficValues; topPerHr: TrafficValues; topPerMin: TrafficValues } {
    return {
      total: toValues(this.total),
      lastHr: toValues(this.lastHr.sums),
      lastMin: toValues(this.lastMin.sums),
      topPerHr: toValues(this.topHr),
      topPerMin: toValues(this.topMin),
    };
  }
}
