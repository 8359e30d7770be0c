import 'server-only';
// The accounting writer for the store's backend (`store.kind`).
import type { AcctDb } from './acct-db';
import type { AcctWriter } from './acct-writer';
import { PgAcctWriter } from './pg-writer';
import { AcctStoreWriter, type WriterOptions } from './writer';

export function openAcctWriter(store: AcctDb, opts: WriterOptions): AcctWriter {
  return store.kind === 'postgres' ? new PgAcctWriter(store, opts) : new AcctStoreWriter(store.db, opts);
}
