// Where a node's accounting files come from. The follower only needs a listing and ranged
// reads, so a local directory and PowerMTA's own /logs + /getFile look the same to it.

export interface AcctFileInfo {
  name: string;
  /** Current size in bytes, when the source knows it. */
  size: number | null;
}

export interface ReadResult {
  /** Bytes starting at the requested offset; empty at (or past) the end. */
  bytes: Buffer;
  /** File size at the time of the read, when known. */
  size: number | null;
}

export interface AcctSource {
  readonly kind: 'dir' | 'http';
  /** A short description for the status panel (directory path or node URL). */
  readonly where: string;
  /** Accounting files currently present (any order). */
  list(signal?: AbortSignal): Promise<AcctFileInfo[]>;
  /** Reads at most `maxBytes` from `from` (fewer at the end of the file). */
  read(name: string, from: number, maxBytes: number, signal?: AbortSignal): Promise<ReadResult>;
  /** The first `n` bytes (null if the file is gone); optional: used to notice replaced files. */
  head?(name: string, n: number): Promise<Buffer | null>;
  /** Entries the last `list()` saw but does not follow, with the reason (for the status). */
  skipped?(): { name: string; reason: string }[];
}

/** `acct-*.csv` → a whole-name matcher (`*` any run, `?` one character). */
export function globToRegExp(glob: string): RegExp {
  const body = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${body}$`);
}
