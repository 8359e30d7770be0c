// Queue names are `domain/vmta` (powermta-api.md §5.1). Pure, browser-safe.

/**
 * Splits a queue name at its first `/`. Neither part can contain `/` (domains and vMTA names
 * cannot), so the first slash is the only one. A name without a slash gets vmta `*`: PowerMTA
 * reads a bare domain as "all vMTAs of that domain" (§6.2), so `*` keeps pattern matching and
 * command building consistent with what PowerMTA would do with that name.
 */
export function splitQueueName(name: string): { domain: string; vmta: string } {
  const slash = name.indexOf('/');
  if (slash === -1) return { domain: name, vmta: '*' };
  return { domain: name.slice(0, slash), vmta: name.slice(slash + 1) || '*' };
}
