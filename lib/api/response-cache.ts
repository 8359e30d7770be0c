// The serialised answers of the polled fleet reads (`revalidate: 'fleet'`), kept per ETag. The
// ETag already names everything such an answer depends on — route, path and query, the
// caller's role and the fleet's revision (lib/api/route.ts) — so a thousand open pages asking
// the same URL between two polls share one handler run and one JSON serialisation, and a new
// revision is simply a new key (the old entries age out). It lives on the runtime, not in a
// module: Next bundles each route separately, and a module-level cache would exist per bundle.
const DEFAULT_MAX_ENTRIES = 256;
const DEFAULT_MAX_BYTES = 64 * 1024 * 1024;

export class ResponseCache {
  /** Oldest first (Map insertion order): a hit moves its entry to the end. */
  private readonly entries = new Map<string, Uint8Array<ArrayBuffer>>();
  private bytes = 0;

  constructor(
    private readonly maxEntries = DEFAULT_MAX_ENTRIES,
    private readonly maxBytes = DEFAULT_MAX_BYTES,
  ) {}

  get(key: string): Uint8Array<ArrayBuffer> | undefined {
    const body = this.entries.get(key);
    if (body === undefined) return undefined;
    this.entries.delete(key);
    this.entries.set(key, body);
    return body;
  }

  /** Keeps `body` under `key`, dropping the least recently used entries past either bound. */
  set(key: string, body: Uint8Array<ArrayBuffer>): void {
    // One answer larger than a quarter of the budget (a 5000-row page of a huge fleet) is not kept.
    if (body.byteLength > this.maxBytes / 4) return;
    const old = this.entries.get(key);
    if (old) {
      this.bytes -= old.byteLength;
      this.entries.delete(key);
    }
    this.entries.set(key, body);
    this.bytes += body.byteLength;
    for (const [k, v] of this.entries) {
      if (this.entries.size <= this.maxEntries && this.bytes <= this.maxBytes) break;
      this.entries.delete(k);
      this.bytes -= v.byteLength;
    }
  }

  get size(): number {
    return this.entries.size;
  }
}
