// Query parameters every list request (`/queues`, `/domains`) carries, in one place.
//
// - The list size is `maxitems` in our notes and the CLI (guide §6.1 `--maxitems=n`) but
//   `maxItems` in the only public HTTP wrapper (powermta-api.md §2, S11); which spelling a
//   version honours is unconfirmed, so both are sent. A node that honours neither still caps
//   the list at http-default-max-items (guide §3.3.1.36.17, default 10), which the poller
//   reports as a truncated list.
// - The CLI lists queue errors only with `--errors` (guide §6.1); the HTTP equivalent is
//   unconfirmed, so `errors=yes` is sent too (harmless where it is ignored).
// Pure, browser-safe.

/** Large enough for any node. */
export const ALL_ITEMS = 10_000_000;

export function listParams(maxItems: number = ALL_ITEMS): { maxitems: string; maxItems: string; errors: 'yes' } {
  const n = String(maxItems);
  return { maxitems: n, maxItems: n, errors: 'yes' };
}
