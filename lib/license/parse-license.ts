// `show license` (docs/powermta-api.md §12: "includes the expiry"). The exact layout of the
// reply is not documented in the public guide, so the expiry is looked for as a date after a
// word starting "expir" (`Expires: 2027-03-01`, `expiration date 2027-03-01`); no date found
// means unknown, never "valid". Pure (browser-safe).

export const LICENSE_WARN_DAYS = 30;

export interface LicenseInfo {
  /** `YYYY-MM-DD`, null when the reply names none. */
  expires: string | null;
  /** Whole days from `now` to the expiry (negative once expired), null when unknown. */
  daysLeft: number | null;
  /** Expired, or expiring within LICENSE_WARN_DAYS. */
  warning: boolean;
}

export function parseLicense(text: string, now: number): LicenseInfo {
  const m = /expir\w*\W{0,3}(?:date\W{0,3})?(\d{4})-(\d{2})-(\d{2})/i.exec(text);
  if (!m) return { expires: null, daysLeft: null, warning: false };
  const expires = `${m[1]}-${m[2]}-${m[3]}`;
  const at = Date.parse(`${expires}T23:59:59Z`);
  if (!Number.isFinite(at)) return { expires: null, daysLeft: null, warning: false };
  const daysLeft = Math.floor((at - now) / 86_400_000);
  return { expires, daysLeft, warning: daysLeft < LICENSE_WARN_DAYS };
}
