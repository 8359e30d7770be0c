// Collation ranks kept across snapshots. Sorting a 100k-queue table by a text column means
// collating up to 100k distinct strings (hundreds of ms), and every poll brings a new table —
// but nearly the same strings. A RankCache keeps the sorted union of the strings it has seen,
// so a new table only collates strings that are new, then sorts rows natively by rank.
// Ranks are only compared with each other, so ranks from a superset order any subset right.
// One difference from sorting each table's strings afresh: two *distinct* strings the
// collator calls equal (canonically equivalent Unicode, e.g. NFC vs NFD) keep the order in
// which the cache first saw them rather than the table's first-appearance order; PowerMTA's
// queue names, domains (ASCII/punycode), vMTA names and times never contain such pairs.
const collator = new Intl.Collator('en', { numeric: true });

export class RankCache {
  private sorted: string[] = [];
  private rank = new Map<string, number>();

  /** Rank of each of `distinct` in collation order (consistent across calls). */
  ranksOf(distinct: readonly string[]): Uint32Array {
    // One Map lookup per string in the usual case (no new string since the last table).
    const out = new Uint32Array(distinct.length);
    const missing: string[] = [];
    for (let d = 0; d < distinct.length; d++) {
      const r = this.rank.get(distinct[d]!);
      if (r === undefined) missing.push(distinct[d]!);
      else out[d] = r;
    }
    if (missing.length === 0) return out;
    if (this.sorted.length + missing.length > 4 * distinct.length + 1024) {
      // Mostly strings no table has any more: start over from this table's.
      this.sorted = [...new Set(distinct)].sort(collator.compare);
      this.reindex();
    } else {
      const add = [...new Set(missing)].sort(collator.compare);
      const merged: string[] = new Array(this.sorted.length + add.length);
      let i = 0;
      let j = 0;
      let k = 0;
      while (i < this.sorted.length && j < add.length) merged[k++] = collator.compare(add[j]!, this.sorted[i]!) < 0 ? add[j++]! : this.sorted[i++]!;
      while (i < this.sorted.length) merged[k++] = this.sorted[i++]!;
      while (j < add.length) merged[k++] = add[j++]!;
      this.sorted = merged;
      this.reindex();
    }
    for (let d = 0; d < distinct.length; d++) out[d] = this.rank.get(distinct[d]!)!;
    return out;
  }

  private reindex(): void {
    this.rank = new Map();
    this.sorted.forEach((s, r) => this.rank.set(s, r));
  }
}
