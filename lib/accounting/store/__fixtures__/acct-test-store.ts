// Accounting store tests on both backends: a fresh console store of `kind` (in-memory SQLite,
// or a fresh schema in the run's PostgreSQL cluster) with the writer for its backend, closed
// when the test ends.
import { onTestFinished } from 'vitest';
import { parseAcctText, type AcctRecord } from '@/lib/accounting';
import type { AcctWriter } from '@/lib/accounting/store/acct-writer';
import { openAcctWriter } from '@/lib/accounting/store/open-writer';
import type { WriterOptions } from '@/lib/accounting/store/writer';
import { openTestStore, type StoreBackend } from '@/lib/store/__fixtures__/backends';
import type { ConsoleStore } from '@/lib/store/store';

export interface AcctTestStore {
  store: ConsoleStore;
  writer: AcctWriter;
  /** Commits `records` (or accounting CSV text) as one slice of file `file` from offset 0. */
  commit(records: readonly AcctRecord[] | string, node?: string, file?: string): Promise<void>;
}

export async function openAcctTestStore(kind: StoreBackend, opts: WriterOptions = { recentDiagnostics: 100, malformedSamples: 5 }): Promise<AcctTestStore> {
  const store = await openTestStore(kind);
  onTestFinished(() => store.close());
  const writer = openAcctWriter(store, opts);
  return {
    store,
    writer,
    commit: async (records, node = 'n1', file = 'a') =>
      writer.commit({
        node,
        file,
        fromOffset: 0,
        progress: { offset: 1, header: null, line: 1, headLen: 0, headHash: null },
        records: typeof records === 'string' ? parseAcctText(records).records : records,
        malformed: 0,
        samples: [],
      }),
  };
}
