'use client';
// Page state that lives in the URL (a link reproduces the view; reload keeps it). Updates
// replace the history entry so typing in a filter does not flood the history, and go through
// `window.history.replaceState`, which the App Router picks up for useSearchParams without a
// server round trip (router.replace re-fetched the page's server payload on every sort click).
import { useSearchParams } from 'next/navigation';
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
  const set = useCallback((patch: UrlPatch) => {
    // Read the live URL, not the render's params: two quick updates must not undo each other.
    const qs = patchSearch(new URLSearchParams(window.location.search), patch);
    window.history.replaceState(null, '', qs ? `${window.location.pathname}?${qs}` : window.location.pathname);
  }, []);
  return [new URLSearchParams(params.toString()), set];
}
