import 'server-only';
// One node's latest snapshot as one binary body, for the internal channel between replicas
// (app/api/internal/nodes/[id]/snapshot): a replica that does not poll a node fetches it from
// the replica that does (./mirror.ts). The queue table travels in the form the parse worker
// already hands to the main thread (lib/queue-store/queue-columns.ts: typed arrays moved by
// `transferables`, text columns as single "\n"-joined strings), so a 100k-queue node costs a
// few MB of array bytes and four strings — never an object per queue, and no re-parse:
//
//   "PMSNAP\0\x01" · u32 LE header length · header JSON (UTF-8) · sections, each 8-byte aligned
//
// Sections, in this order, present as the header says (arrays zero-padded to 8 bytes, the
// texts last and unpadded, so their lengths must add up to the rest of the body exactly):
// rcp, kb, conn, seenAt (f64 × rows),
// domainOf, vmtaOf (u32 × rows), flags (u8 × rows), rcpOrder (u32 × rows), the domain totals
// (order, queues as u32, rcp, kb, conn as f64, backoff, paused, withErrors as u32, × domains),
// lowerDomainRcp.rcp (f64), then the text columns names, retryTimes, domains, vmtas and
// lowerDomainRcp.names (latin1 when every char fits one byte, else UTF-16LE, so any string —
// lone surrogates included — comes back code unit for code unit).
//
// Decoding is untrusted input: the header is checked by zod (./snapshot-schema.ts), every
// section's length is derived from the header and the sum must be the body's length exactly,
// and every index a QueueTable follows (domain and vMTA ids, event rows, the sort orders'
// row and domain ids, the text columns' entry counts) is checked to be in range. Anything
// else is a SnapshotWireError, never an exception from deep inside a read model later.
import type { NodeSnapshot } from '@/lib/fleet/node-poller';
import type { PollRecord } from '@/lib/fleet/health';
import { QueueTable } from '@/lib/queue-store/queue-table';
import type { DomainTotalsColumns, QueueColumns } from '@/lib/queue-store/queue-columns';
import { snapshotHeaderSchema, WIRE_FORMAT, type QueuesHeader, type SnapshotHeader } from './snapshot-schema';

export const SNAPSHOT_CONTENT_TYPE = 'application/vnd.pmta-console.snapshot';

const MAGIC = Buffer.from('PMSNAP\u0000\u0001', 'latin1');
const PRELUDE = MAGIC.length + 4;

/** Flag bits a queue row may carry (FLAG_* in queue-columns.ts: five bits). */
const FLAG_MASK = 0b11111;

/** A body that is not a well-formed snapshot: the caller keeps what it had. */
export class SnapshotWireError extends Error {
  readonly code = 'bad_snapshot';
  constructor(message: string) {
    super(`snapshot body: ${message}`);
    this.name = 'SnapshotWireError';
  }
}

/** A decoded body: the snapshot and the owner's poll record of the node. */
export interface WireSnapshot {
  snapshot: NodeSnapshot;
  poll: PollRecord | null;
}

type Text = { encoding: 'latin1' | 'utf16le'; bytes: number };

function textForm(s: string): { buf: Buffer; meta: Text } {
  // latin1 keeps one byte per char; anything wider goes as UTF-16 code units (no UTF-8: a lone
  // surrogate would come back as U+FFFD, and the names must be equal, not similar).
  const encoding = /[^\u0000-\u00ff]/.test(s) ? 'utf16le' : 'latin1';
  const buf = Buffer.from(s, encoding);
  return { buf, meta: { encoding, bytes: buf.length } };
}

const pad8 = (k: number) => (8 - (k % 8)) % 8;

const DOMAIN_TOTALS_U32 = ['order', 'queues'] as const;
const DOMAIN_TOTALS_F64 = ['rcp', 'kb', 'conn'] as const;
const DOMAIN_TOTALS_U32_TAIL = ['backoff', 'paused', 'withErrors'] as const;

/** The body for a snapshot (and, optionally, the poll record the owner judges its health by). */
export function encodeSnapshot(snap: NodeSnapshot, poll: PollRecord | null = null): Buffer {
  const parts: Uint8Array[] = [];
  const textParts: Uint8Array[] = [];
  const bytesOf = (a: Float64Array | Uint32Array | Uint8Array) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  let queues: QueuesHeader | null = null;
  const t = snap.queues;
  if (t) {
    const c = t.columns;
    const texts = [c.names, c.retryTimes, c.domains, c.vmtas].map(textForm);
    const lower = c.lowerDomainRcp ? textForm(c.lowerDomainRcp.names) : null;
    // Entries of a joined column: none only when empty in an empty table ('' alone is one entry).
    const entries = (joined: string) => (c.count === 0 && joined === '' ? 0 : lineCount(joined));
    queues = {
      count: c.count,
      domainCount: entries(c.domains),
      vmtaCount: entries(c.vmtas),
      totalRcp: c.totalRcp,
      totalQueuesWithRcp: c.totalQueuesWithRcp,
      truncated: c.truncated,
      events: c.events,
      seenAt: c.seenAt !== undefined,
      rcpOrder: c.rcpOrder !== undefined,
      domainTotals: c.domainTotals !== undefined,
      lowerDomainRcp: c.lowerDomainRcp ? c.lowerDomainRcp.rcp.length : null,
      text: { names: texts[0]!.meta, retryTimes: texts[1]!.meta, domains: texts[2]!.meta, vmtas: texts[3]!.meta, lowerDomainNames: lower?.meta ?? null },
    };
    parts.push(bytesOf(c.rcp), bytesOf(c.kb), bytesOf(c.conn));
    if (c.seenAt) parts.push(bytesOf(c.seenAt));
    parts.push(bytesOf(c.domainOf), bytesOf(c.vmtaOf), bytesOf(c.flags));
    if (c.rcpOrder) parts.push(bytesOf(c.rcpOrder));
    if (c.domainTotals) {
      const d = c.domainTotals;
      for (const k of [...DOMAIN_TOTALS_U32, ...DOMAIN_TOTALS_F64, ...DOMAIN_TOTALS_U32_TAIL]) parts.push(bytesOf(d[k]));
    }
    if (c.lowerDomainRcp) parts.push(bytesOf(c.lowerDomainRcp.rcp));
    for (const x of texts) textParts.push(x.buf);
    if (lower) textParts.push(lower.buf);
  }
  const header: SnapshotHeader = {
    format: WIRE_FORMAT,
    nodeId: snap.nodeId,
    version: snap.version,
    status: snap.status,
    statusAt: snap.statusAt,
    queuesAt: snap.queuesAt,
    fullQueuesAt: snap.fullQueuesAt ?? null,
    clock: snap.clock,
    poll,
    queues,
  };
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const chunks: Uint8Array[] = [MAGIC, u32(json.length), json, Buffer.alloc(pad8(PRELUDE + json.length))];
  for (const p of parts) chunks.push(p, Buffer.alloc(pad8(p.byteLength)));
  // The texts last and unpadded: their lengths must then add up to the rest of the body exactly.
  chunks.push(...textParts);
  return Buffer.concat(chunks);
}

function u32(v: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(v);
  return b;
}

function lineCount(s: string): number {
  let k = 1;
  for (let i = s.indexOf('\n'); i !== -1; i = s.indexOf('\n', i + 1)) k++;
  return k;
}

/** Reads the sections in order, each bounds-checked against the body. */
class Sections {
  private at: number;
  constructor(
    private readonly body: Uint8Array,
    start: number,
  ) {
    this.at = start;
  }

  private take(bytes: number, what: string, padded = true): Uint8Array {
    const end = this.at + bytes;
    const next = padded ? end + pad8(end) : end;
    if (!Number.isSafeInteger(bytes) || bytes < 0 || next > this.body.length) throw new SnapshotWireError(`${what}: ${bytes} bytes past the end of the body`);
    for (let i = end; i < next; i++) if (this.body[i] !== 0) throw new SnapshotWireError(`${what}: padding is not zero`);
    const out = this.body.subarray(this.at, end);
    this.at = next;
    return out;
  }

  // Copies, not views: a view would keep the whole body alive for as long as any one array is
  // kept (the backlog history keeps lowerDomainRcp.rcp per sample), and must be aligned.
  f64(n: number, what: string): Float64Array {
    const b = this.take(n * 8, what);
    return new Float64Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer);
  }
  u32(n: number, what: string): Uint32Array {
    const b = this.take(n * 4, what);
    return new Uint32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer);
  }
  u8(n: number, what: string): Uint8Array {
    return new Uint8Array(this.take(n, what)); // a plain copy, even when the body is a Buffer
  }
  text(t: Text, what: string): string {
    if (t.encoding === 'utf16le' && t.bytes % 2 !== 0) throw new SnapshotWireError(`${what}: odd UTF-16 byte length ${t.bytes}`);
    const b = this.take(t.bytes, what, false);
    return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString(t.encoding);
  }

  /** Every byte must be accounted for (padding of the last section included). */
  end(): void {
    const expected = this.at;
    if (expected !== this.body.length) throw new SnapshotWireError(`length ${this.body.length}, the header describes ${expected}`);
  }
}

function checkIds(ids: Uint32Array, below: number, what: string): void {
  for (let i = 0; i < ids.length; i++) if (ids[i]! >= below) throw new SnapshotWireError(`${what}[${i}] = ${ids[i]} is not below ${below}`);
}

/** `ids` must be a permutation of 0…n−1 (an order that names every row or domain once). */
function checkPermutation(ids: Uint32Array, n: number, what: string): void {
  if (ids.length !== n) throw new SnapshotWireError(`${what}: ${ids.length} entries for ${n}`);
  const seen = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const v = ids[i]!;
    if (v >= n || seen[v]) throw new SnapshotWireError(`${what}: not an order of ${n} entries (at ${i}: ${v})`);
    seen[v] = 1;
  }
}

/** A joined column must have exactly `n` entries (zero entries: the empty string). */
function checkEntries(joined: string, n: number, what: string): void {
  const got = n === 0 ? (joined === '' ? 0 : lineCount(joined)) : lineCount(joined);
  if (got !== n) throw new SnapshotWireError(`${what}: ${got} entries, the header says ${n}`);
}

function decodeQueues(h: QueuesHeader, r: Sections): QueueColumns {
  const n = h.count;
  const m = h.domainCount;
  const rcp = r.f64(n, 'rcp');
  const kb = r.f64(n, 'kb');
  const conn = r.f64(n, 'conn');
  const seenAt = h.seenAt ? r.f64(n, 'seenAt') : undefined;
  const domainOf = r.u32(n, 'domainOf');
  const vmtaOf = r.u32(n, 'vmtaOf');
  const flags = r.u8(n, 'flags');
  const rcpOrder = h.rcpOrder ? r.u32(n, 'rcpOrder') : undefined;
  let domainTotals: DomainTotalsColumns | undefined;
  if (h.domainTotals) {
    const [order, queues] = DOMAIN_TOTALS_U32.map((k) => r.u32(m, `domainTotals.${k}`));
    const [dRcp, dKb, dConn] = DOMAIN_TOTALS_F64.map((k) => r.f64(m, `domainTotals.${k}`));
    const [backoff, paused, withErrors] = DOMAIN_TOTALS_U32_TAIL.map((k) => r.u32(m, `domainTotals.${k}`));
    domainTotals = { order: order!, queues: queues!, rcp: dRcp!, kb: dKb!, conn: dConn!, backoff: backoff!, paused: paused!, withErrors: withErrors! };
  }
  const lowerRcp = h.lowerDomainRcp !== null ? r.f64(h.lowerDomainRcp, 'lowerDomainRcp.rcp') : null;
  const names = r.text(h.text.names, 'names');
  const retryTimes = r.text(h.text.retryTimes, 'retryTimes');
  const domains = r.text(h.text.domains, 'domains');
  const vmtas = r.text(h.text.vmtas, 'vmtas');
  const lowerNames = h.text.lowerDomainNames ? r.text(h.text.lowerDomainNames, 'lowerDomainRcp.names') : null;
  r.end();

  checkEntries(names, n, 'names');
  checkEntries(retryTimes, n, 'retryTimes');
  checkEntries(domains, m, 'domains');
  checkEntries(vmtas, h.vmtaCount, 'vmtas');
  if (n > 0 && (m === 0 || h.vmtaCount === 0)) throw new SnapshotWireError(`${n} rows but no domain or vMTA names`);
  checkIds(domainOf, m, 'domainOf');
  checkIds(vmtaOf, h.vmtaCount, 'vmtaOf');
  for (let i = 0; i < n; i++) if (flags[i]! & ~FLAG_MASK) throw new SnapshotWireError(`flags[${i}] = ${flags[i]} has unknown bits`);
  let last = -1;
  for (const e of h.events) {
    if (e.row <= last || e.row >= n) throw new SnapshotWireError(`events: row ${e.row} out of order or not below ${n}`);
    last = e.row;
  }
  if (rcpOrder) checkPermutation(rcpOrder, n, 'rcpOrder');
  if (domainTotals) checkPermutation(domainTotals.order, m, 'domainTotals.order');
  if ((lowerRcp === null) !== (lowerNames === null)) throw new SnapshotWireError('lowerDomainRcp: names and values must come together');
  if (lowerRcp && lowerNames !== null) checkEntries(lowerNames, lowerRcp.length, 'lowerDomainRcp.names');
  return {
    count: n,
    names,
    retryTimes,
    rcp,
    kb,
    conn,
    flags,
    domainOf,
    domains,
    vmtaOf,
    vmtas,
    events: h.events,
    totalRcp: h.totalRcp,
    totalQueuesWithRcp: h.totalQueuesWithRcp,
    truncated: h.truncated,
    ...(domainTotals ? { domainTotals } : {}),
    ...(lowerRcp && lowerNames !== null ? { lowerDomainRcp: { names: lowerNames, rcp: lowerRcp } } : {}),
    ...(rcpOrder ? { rcpOrder } : {}),
    ...(seenAt ? { seenAt } : {}),
  };
}

/** The snapshot in `body`, or a SnapshotWireError saying what is wrong with it. */
export function decodeSnapshot(body: Uint8Array): WireSnapshot {
  if (body.length < PRELUDE || !MAGIC.equals(body.subarray(0, MAGIC.length))) throw new SnapshotWireError('not a snapshot (wrong magic or too short)');
  const view = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  const headerBytes = view.readUInt32LE(MAGIC.length);
  if (headerBytes > body.length - PRELUDE) throw new SnapshotWireError(`header of ${headerBytes} bytes past the end of the body`);
  let raw: unknown;
  try {
    raw = JSON.parse(view.toString('utf8', PRELUDE, PRELUDE + headerBytes));
  } catch {
    throw new SnapshotWireError('header: not JSON');
  }
  const parsed = snapshotHeaderSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(value)'}: ${i.message}`);
    throw new SnapshotWireError(`header: ${issues.join('; ')}`);
  }
  const h = parsed.data;
  const start = PRELUDE + headerBytes;
  const r = new Sections(body, start + pad8(start));
  const queues = h.queues ? new QueueTable(decodeQueues(h.queues, r)) : null;
  if (!h.queues) r.end();
  const snapshot: NodeSnapshot = {
    nodeId: h.nodeId,
    status: h.status,
    statusAt: h.statusAt,
    queues,
    queuesAt: h.queuesAt,
    fullQueuesAt: h.fullQueuesAt,
    clock: h.clock,
    version: h.version,
  };
  return { snapshot, poll: h.poll };
}
