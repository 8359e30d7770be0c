// `auth.allowedHosts`: the host names the console answers to. A DNS-rebinding page makes the
// browser send our address a request for the attacker's name (Host: evil.example); with a
// list configured such requests are refused before any other check, so no page or API answer
// ever reaches a foreign origin. An entry without a port matches any port. Pure.

/** `Host` header value → [host name, port or null], lower-cased; null if unparsable. */
function split(host: string): [string, string | null] | null {
  const h = host.trim().toLowerCase();
  const m = /^(\[[0-9a-f:.]+\]|[^:[\]]+)(?::(\d{1,5}))?$/.exec(h);
  if (!m) return null;
  return [(m[1] as string).replace(/\.$/, ''), m[2] ?? null];
}

export function hostAllowed(host: string | null, allowed: readonly string[] | undefined): boolean {
  if (!allowed || allowed.length === 0) return true;
  const got = host ? split(host) : null;
  if (!got) return false;
  return allowed.some((entry) => {
    const want = split(entry);
    return want !== null && want[0] === got[0] && (want[1] === null || want[1] === got[1]);
  });
}

export const HOST_REFUSED = 'this host name is not one the console answers to (auth.allowedHosts)';
