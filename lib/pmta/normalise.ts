// Raw PowerMTA data (the unwrapped `data` of an XML or JSON reply) → the typed model.
// The work lives in normalise-status / normalise-queues / normalise-lists; this file maps
// each resource kind to its normaliser.
//
// Pure module (no `server-only`): loaded by the parse worker.
import type { Obj } from './coerce';
import { normaliseStatus } from './normalise-status';
import { normaliseQueueDetail, normaliseQueueList } from './normalise-queues';
import { normaliseLogs } from './normalise-lists';
import type { LogFile, NodeStatus, QueueDetail, QueueList, CommandReply } from './types';

export { normaliseCommandReply } from './normalise-lists';

/** What each PowerMTA resource normalises to. */
export interface PmtaModelByKind {
  status: NodeStatus;
  queues: QueueList;
  queueDetail: QueueDetail;
  logs: LogFile[];
  command: CommandReply;
}

export type PmtaResourceKind = keyof PmtaModelByKind;

/** The envelope-shaped resources (all but `command`, whose reply carries `message` too). */
export type PmtaDataKind = Exclude<PmtaResourceKind, 'command'>;

const NORMALISERS: { [K in PmtaDataKind]: (data: Obj) => PmtaModelByKind[K] } = {
  status: normaliseStatus,
  queues: normaliseQueueList,
  queueDetail: normaliseQueueDetail,
  logs: normaliseLogs,
};

export function normalise<K extends PmtaDataKind>(kind: K, data: Obj): PmtaModelByKind[K] {
  return NORMALISERS[kind](data);
}
