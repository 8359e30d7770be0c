// The simulator's own exact tallies of what it did. Each tally moves in the same statement
// that writes the matching accounting record, so files and tallies always agree; tests
// compare the console's ingestion against these. `reset counters` does not touch them.

export interface SimCounts {
  received: { rcp: number; msg: number; kb: number };
  delivered: number;
  bounced: { total: number; byCategory: Record<string, number> };
  transient: number;
  tq: number;
  fbl: {
    total: number;
    byReportedDomain: Record<string, number>;
    byFeedbackType: Record<string, number>;
    byFormat: Record<string, number>;
  };
  rb: { total: number; byCategory: Record<string, number> };
}

export function emptyCounts(): SimCounts {
  return {
    received: { rcp: 0, msg: 0, kb: 0 },
    delivered: 0,
    bounced: { total: 0, byCategory: {} },
    transient: 0,
    tq: 0,
    fbl: { total: 0, byReportedDomain: {}, byFeedbackType: {}, byFormat: {} },
    rb: { total: 0, byCategory: {} },
  };
}

export function bump(map: Record<string, number>, key: string, by = 1): void {
  map[key] = (map[key] ?? 0) + by;
}
