'use client';
// The chart period in the URL (`?period=`, and `from`/`to` for a free range). The history data
// hooks are in lib/query/history.ts.
import { useCallback } from 'react';
import { useUrlParams } from '@/components/ui/useUrlParams';
import { parsePeriodParams, periodUrlPatch, type Period } from './period';

/** The chart period from the URL, and its setter. */
export function useHistoryPeriod(): [Period, (p: Period) => void] {
  const [params, setParams] = useUrlParams();
  const setPeriod = useCallback((p: Period) => setParams(periodUrlPatch(p)), [setParams]);
  return [parsePeriodParams(params), setPeriod];
}
