// Where a node's accounting files come from. The follower only needs a listing and ranged
// reads, so a local directory and PowerMTA's own /logs + /getFile look the same to it.

export interface AcctFileInfo {
  name: string;
  /** Current size in bytes, when the source knows it. */
  size: number | null;
}

/** A listed name the source will not follow, and why (shown in the ingestion status). */
export interface SkippedFile {
  name: string;
  reason: 'symlink-outside' | 'not-a-regular-file' | 'name-too-long' | 'too-many-files' | 'unreadable' | 'no-pattern-match';
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
  /** Names the last list() left out on purpose, at most MAX_SKIPPED_REPORTED of them. */
  skipped?(): SkippedFile[];
  /** How many names the last list() left out (skipped() shows only the first few). */
  skippedTotal?(): number;
  /** Reads at most `maxBytes` from `from` (fewer at the end of the file). */
  read(name: string, from: number, maxBytes: number, signal?: AbortSignal): Promise<ReadResult>;
  /** The first `n` bytes (null if the file is gone); optional: used to notice replaced files. */
  head?(name: string, n: number): Promise<Buffer | null>;
}

/** `acct-*.csv` → a whole-name matcher (`*` any run, `?` one character). */
export function globToRegExp(glob: string): RegExp {
  const body = glob
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${body}$`);
}

// A listing comes from a directory anyone with write access can fill, or from a node's /logs
// reply: both are untrusted, so what the follower tracks per listing is bounded.
/** Longest file name followed (bytes of UTF-16 text; file systems allow 255 bytes). */
export const MAX_NAME_LENGTH = 255;
/** Most files followed per node; beyond it only the newest names (by sort order) are kept. */
export const MAX_FILES = 10_000;
/** Skipped names reported in the status. */
export const MAX_SKIPPED_REPORTED = 20;

/**
 * Applies the name-length and count bounds to a listing (names sort like the follower's
 * oldest-first order, so the newest files are the ones kept).
 */
export function boundListing(files: AcctFileInfo[], skipped: SkippedFile[]): AcctFileInfo[] {
  const named = files.filter((f) => {
    if (f.name.length <= MAX_NAME_LENGTH) return true;
    skipped.push({ name: `${f.name.slice(0, 64)}…`, reason: 'name-too-long' });
    return false;
  });
  if (named.length <= MAX_FILES) return named;
  named.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const dropped = named.length - MAX_FILES;
  skipped.push({ name: `${dropped} older file(s)`, reason: 'too-many-files' });
  return named.slice(dropped);
}
