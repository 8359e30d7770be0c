// Strings a parse keeps beyond its piece of text. A CSV cell is a slice of the text its row was
// decoded from, and V8 keeps a slice of 13 characters or more as a view of that whole text: an
// aggregate row keyed by one cell, or a diagnostic kept for the store, would hold the piece's
// 64 KiB alive until its slice is committed, and a slice's rows and diagnostics hold most of its
// pieces so (B11: ~4 MiB of text a slice, copied by every scavenge until promoted; detaching
// the kept strings cut the CPU of parsing and counting by about a third). A detached copy has
// its own characters.

/** `s` as a string of its own (equal to `s`), not a view of the text it was cut from. */
export function detached(s: string): string {
  // Shorter slices are copied by V8 anyway. Cutting a concatenation flattens it first into new
  // characters of its own (4× cheaper than a JSON round trip; detach.test.ts checks it frees).
  return s.length < 13 ? s : `${s} `.slice(0, -1);
}

export function detachedOrNull(s: string | null): string | null {
  return s === null ? null : detached(s);
}
