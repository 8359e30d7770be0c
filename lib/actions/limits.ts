// Limits of queue actions shared by the API and the browser (no zod here: the browser bundle
// must not pull zod in, whose eval probe trips the CSP).

/** Longest a time-boxed pause may last: long enough for a weekend, short enough to not be forgotten. */
export const MAX_PAUSE_MS = 7 * 24 * 3600_000;
