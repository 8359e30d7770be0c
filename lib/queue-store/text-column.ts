// The "\n"-joined text columns of QueueColumns (names, retry times, domains, vMTAs), written
// character by character into one growing buffer instead of as 100k small strings that are
// joined (and, for domains and vMTAs, hashed into a Map) afterwards: on a 100k-queue reply
// those strings, the Map and the joins were about a third of the parse worker's time. The
// scanners copy a leaf straight from the reply text (`push(text, from, to)`), so a queue's
// name never exists as a string of its own in the worker. Proven equal to join/Map interning
// by text-column.test.ts (lone surrogates included).
//
// Pure module (node:buffer only): the parse worker loads it.
import { Buffer } from 'node:buffer';

class CharBuffer {
  buf: Uint16Array;
  len = 0;
  /** OR of every char written: < 256 means the text fits a one-byte (latin1) string. */
  bits = 0;

  constructor(capacity: number) {
    this.buf = new Uint16Array(Math.max(64, capacity));
  }

  room(k: number): void {
    if (this.len + k <= this.buf.length) return;
    const next = new Uint16Array(Math.max(this.buf.length * 2, this.len + k));
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }

  append(s: string, from: number, to: number): void {
    this.room(to - from);
    const buf = this.buf;
    let len = this.len;
    let bits = this.bits;
    for (let i = from; i < to; i++) {
      const c = s.charCodeAt(i);
      bits |= c;
      buf[len++] = c;
    }
    this.len = len;
    this.bits = bits;
  }

  /** The chars as a string, code unit for code unit (no UTF-16 validation, lone surrogates kept). */
  text(from: number, to: number): string {
    const u = this.buf.subarray(from, to);
    if (this.bits < 256) return Buffer.from(new Uint8Array(u)).toString('latin1');
    return Buffer.from(u.buffer, u.byteOffset, u.byteLength).toString('utf16le');
  }
}

/** Entries appended in order and joined by "\n" (what `entries.join('\n')` gives). */
export class JoinedText {
  private readonly chars: CharBuffer;
  private count = 0;

  constructor(capacityChars = 64) {
    this.chars = new CharBuffer(capacityChars);
  }

  /** Appends s[from, to) as the next entry. */
  push(s: string, from = 0, to = s.length): void {
    const c = this.chars;
    if (this.count++ > 0) {
      c.room(1);
      c.buf[c.len++] = 10;
    }
    c.append(s, from, to);
  }

  toString(): string {
    return this.chars.text(0, this.chars.len);
  }
}

/**
 * Distinct entries numbered in order of first appearance (what interning into a Map gives),
 * kept "\n"-joined; equality is code-unit equality, as for Map keys.
 */
export class InternedText {
  private readonly chars: CharBuffer;
  private starts = new Int32Array(64);
  private ends = new Int32Array(64);
  private hashes = new Int32Array(64);
  private size = 0;
  /** Open addressing: id + 1 per slot, 0 = empty. */
  private table = new Int32Array(128);

  constructor(capacityChars = 64) {
    this.chars = new CharBuffer(capacityChars);
  }

  get count(): number {
    return this.size;
  }

  /** The id of s[from, to), adding it if new. */
  id(s: string, from = 0, to = s.length): number {
    let h = 0x811c9dc5 | 0;
    for (let i = from; i < to; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
    const mask = this.table.length - 1;
    const buf = this.chars.buf;
    const len = to - from;
    for (let slot = h & mask; ; slot = (slot + 1) & mask) {
      const e = this.table[slot]!;
      if (e === 0) break;
      const id = e - 1;
      if (this.hashes[id] !== h) continue;
      const start = this.starts[id]!;
      if (this.ends[id]! - start !== len) continue;
      let k = 0;
      while (k < len && buf[start + k] === s.charCodeAt(from + k)) k++;
      if (k === len) return id;
    }
    return this.add(s, from, to, h);
  }

  private add(s: string, from: number, to: number, h: number): number {
    const id = this.size++;
    if (id === this.starts.length) {
      const grow = (a: Int32Array) => {
        const b = new Int32Array(a.length * 2);
        b.set(a);
        return b;
      };
      this.starts = grow(this.starts);
      this.ends = grow(this.ends);
      this.hashes = grow(this.hashes);
    }
    const c = this.chars;
    if (id > 0) {
      c.room(1);
      c.buf[c.len++] = 10;
    }
    this.starts[id] = c.len;
    c.append(s, from, to);
    this.ends[id] = c.len;
    this.hashes[id] = h;
    if (this.size * 2 > this.table.length) this.rehash();
    else this.place(this.table, id);
    return id;
  }

  private place(table: Int32Array, id: number): void {
    const mask = table.length - 1;
    let slot = this.hashes[id]! & mask;
    while (table[slot] !== 0) slot = (slot + 1) & mask;
    table[slot] = id + 1;
  }

  private rehash(): void {
    this.table = new Int32Array(this.table.length * 4);
    for (let id = 0; id < this.size; id++) this.place(this.table, id);
  }

  toString(): string {
    return this.chars.text(0, this.chars.len);
  }
}
