'use client';
import { useSyncExternalStore } from 'react';

const noSubscription = () => () => {};

/**
 * False on the server and while the browser hydrates, true from the render right after: for
 * parts that show data streaming in after the HTML (it may already be in the browser's cache
 * when hydration reaches them, and rendering it then would not match the server's HTML).
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );
}
