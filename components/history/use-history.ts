'use client';
// The chart period in the URL (`?period=`). The history data hooks are in lib/query/history.ts.
import { useCallback } from 'react';
import { useUrlParams } from '@/components/ui/useUrlParams';
import { parsePeriod, type Period } from './period';

/** The chart period from the URL (`?period=`), and its setter. */
export function useHistoryPeriod(): [Period, (p: Period) => void] {
  const [params, setParams] = useUrlParams();
  const setPeriod = useCallback((p: Period) => setParams({ period: p }), [setParams]);
  return [parsePeriod(params.get('period')), setPeriod];
}
