'use client';
// Page state that lives in the URL (a link reproduces the view; reload keeps it). Updates use
// `replace` so typing in a filter does not flood the history, and never scroll the page.
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useCallback } from 'react';

export type UrlPatch = Record<string, string | null | undefined>;

export function patchSearch(current: URLSearchParams, patch: UrlPatch): string {
  const next = new URLSearchParams(current);
  for (const [k, v] of Object.entries(patch)) {
    if (v === null || v === undefined || v === '') next.delete(k);
    else next.set(k, v);
  }
  return next.toString();
}

export function useUrlParams(): [URLSearchParams, (patch: UrlPatch) => void] {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const set = useCallback(
    (patch: UrlPatch) => {
      // Read the live URL, not the render's params: two quick updates must not undo each other.
      const qs = patchSearch(new URLSearchParams(window.location.search), patch);
      router.replace(qs ? `${pathname}?${qs}` : pathname, { scroll: false });
    },
    [router, pathname],
  );
  return [new URLSearchParams(params.toString()), set];
}
