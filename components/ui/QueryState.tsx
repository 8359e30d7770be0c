'use client';
import type { ReactNode } from 'react';
import { ApiClientError } from '@/lib/query/fetcher';

/** Loading and error states that say what is wrong; children render once data exists. */
export function QueryState({ isPending, error, children, what }: { isPending: boolean; error: unknown; children: ReactNode; what: string }) {
  if (isPending)
    return (
      <div className="muted" role="status">
        Loading {what}…
      </div>
    );
  return (
    <>
      {error ? (
        <div className="error-box" role="alert">
          Could not load {what}: {error instanceof ApiClientError ? `${error.message} (${error.status || 'network'})` : String(error)}
        </div>
      ) : null}
      {children}
    </>
  );
}
