// Answers derived from the fleet's latest snapshots, kept until a node brings a new queue
// list. Every browser's overview and every Prometheus scrape asks between two polls; this
// makes them share one computation per poll. It lives on the Fleet (not in the module that
// computes) because Next bundles each route separately: a module-level cache would exist once
// per route bundle.
export class SnapshotMemo {
  private readonly entries = new Map<string, { tables: readonly unknown[]; value: unknown }>();

  /** `compute()`'s last result for `key` while `tables` are the same objects as then. */
  get<T>(key: string, tables: readonly unknown[], compute: () => T): T {
    const hit = this.entries.get(key);
    if (hit && hit.tables.length === tables.length && hit.tables.every((t, i) => t === tables[i])) return hit.value as T;
    const value = compute();
    this.entries.set(key, { tables, value });
    return value;
  }
}
