// A `/queues` reply → QueueColumns: the column-writing scanner for its format
// (queue-columns-from-xml.ts, queue-columns-from-json.ts, reading the reply's latin1 reading,
// see utf8-leaves.ts) when it recognises the reply, else the reference path — the decoded
// text through parseData (the XML object scanner or fast-xml-parser; JSON.parse), then
// columnsFromQueueData — which gives the same columns, or the error with its path.
// Pure module: the parse worker loads it.
import { parseData } from '@/lib/pmta/parse-body';
import type { PmtaFormat } from '@/lib/pmta/types';
import type { QueueColumns } from './queue-columns';
import { columnsFromQueueData } from './queue-columns-from-data';
import { columnsFromQueuesJson } from './queue-columns-from-json';
import { columnsFromQueuesXml } from './queue-columns-from-xml';
import { latin1Text } from './utf8-leaves';

const decoder = new TextDecoder('utf-8');

export function queueColumnsFromReply(format: PmtaFormat, bytes: Uint8Array): QueueColumns {
  const latin1 = latin1Text(bytes);
  const fast = format === 'xml' ? columnsFromQueuesXml(latin1, bytes) : format === 'json' ? columnsFromQueuesJson(latin1, bytes) : null;
  return fast ?? columnsFromQueueData(parseData('queues', format, decoder.decode(bytes)));
}
