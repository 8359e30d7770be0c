// Decoding 15–19 MB of UTF-8 costs a 100k-queue parse 30–40 ms, though only a few leaves
// (IDN names such as `bücher.de`, some texts) hold anything but ASCII. The column scanners
// therefore read the reply's latin1 reading — one char per byte, made in ~1 ms — and decode
// only the leaves with a byte ≥ 0x80 as UTF-8. That is exact: the markup the scanners look for
// is ASCII, and UTF-8 never uses an ASCII byte inside a multi-byte sequence, so a leaf
// decoded on its own reads as it does inside the whole decoded text (invalid sequences become
// U+FFFD the same way). A byte-order mark at the start fails the scanners' first check, and
// the reference path decodes the whole reply as before.
//
// Pure module (node:buffer only): the parse worker loads it.
import { Buffer } from 'node:buffer';

// ignoreBOM: a leaf starting with U+FEFF keeps it, as it does inside the decoded document.
const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });

/** The reply's latin1 reading (a one-byte string, char i = byte i). */
export function latin1Text(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
}

/** s[from, to) as decoded text: the UTF-8 reading of those bytes when `s` is a latin1 reading. */
export function rawText(s: string, bytes: Uint8Array | null, from: number, to: number): string {
  if (bytes) {
    for (let i = from; i < to; i++) if (s.charCodeAt(i) >= 0x80) return utf8.decode(bytes.subarray(from, to));
  }
  return s.slice(from, to);
}
