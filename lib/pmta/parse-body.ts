// The one entry point from reply text to the model: `parseBody(kind, format, text)`.
// The poller fetches on the main thread (client.fetchBytes) and calls this in a worker thread,
// so it must stay pure and light: no `server-only`, no node: imports, no I/O.
import { PmtaParseError, PmtaUpstreamError } from './errors';
import { parseJsonDocument, parseJsonEnvelope, unwrapJsonEnvelope } from './json';
import { normalise, normaliseCommandReply, type PmtaModelByKind, type PmtaResourceKind } from './normalise';
import { parseXmlDocument, parseXmlEnvelope } from './xml';
import { checkReplyShape } from './reply-shape';
import { scanQueuesXml } from './xml-queues-scan';
import type { CommandReply, PmtaFormat } from './types';

export type { PmtaModelByKind, PmtaResourceKind } from './normalise';

/**
 * `/command` replies: PowerMTA refusing the command (error envelope) is an answer, not a
 * failure of the node, so it comes back as `{ ok: false, text }` rather than a throw.
 */
function parseCommandReply(format: PmtaFormat, text: string): CommandReply {
  try {
    if (format === 'json') {
      const env = unwrapJsonEnvelope(parseJsonDocument(text));
      return normaliseCommandReply(env.data, env.message);
    }
    const doc = parseXmlDocument(text);
    const rsp = doc.rsp;
    if (rsp && typeof rsp === 'object' && 'data' in rsp && typeof (rsp as { data: unknown }).data === 'string') {
      return { ok: true, text: (rsp as { data: string }).data }; // format=xml-text
    }
    return normaliseCommandReply(parseXmlEnvelope(text), '');
  } catch (e) {
    if (e instanceof PmtaUpstreamError) return { ok: false, text: e.upstreamText };
    throw e;
  }
}

/**
 * `/queues` XML goes through the fixed-shape scanner first (≈20× faster than fast-xml-parser
 * on 100k queues); whatever it does not recognise goes to fast-xml-parser, the reference.
 */
function xmlData(kind: PmtaResourceKind, text: string): Record<string, unknown> {
  return (kind === 'queues' ? scanQueuesXml(text) : null) ?? parseXmlEnvelope(text);
}

/**
 * Parses a PowerMTA reply body of the given resource kind and format into the model.
 * Throws PmtaParseError (kind `malformed`) for bad XML/JSON or a leaf of the wrong type,
 * naming its path, and PmtaUpstreamError (kind `upstream`) for PowerMTA's error envelope.
 */
export function parseBody<K extends PmtaResourceKind>(kind: K, format: PmtaFormat, text: string): PmtaModelByKind[K] {
  if (kind === 'command') return parseCommandReply(format, text) as PmtaModelByKind[K];
  return normalise(kind as Exclude<K, 'command'>, parseData(kind, format, text)) as PmtaModelByKind[K];
}

/** The unwrapped `data` of a reply, before normalisation (for callers that normalise their own way). */
export function parseData(kind: Exclude<PmtaResourceKind, 'command'>, format: PmtaFormat, text: string): Record<string, unknown> {
  const data = format === 'json' ? parseJsonEnvelope(text) : format === 'xml' ? xmlData(kind, text) : null;
  if (data === null) throw new PmtaParseError(`unknown format "${String(format)}"`);
  checkReplyShape(kind, data);
  return data;
}
