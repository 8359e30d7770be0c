// /logs and /command replies → the model.
// Only name/rcp/kb/conn are well attested upstream [H/M]; the rest follows
// docs/wire-format.md and is optional.
//
// Pure module (no `server-only`): loaded by the parse worker.
import { list, num, obj, reqStr, str, type Obj } from './coerce';
import type { CommandReply, LogFile } from './types';

function rows<T>(data: Obj, key: string, one: (o: Obj, at: string) => T): T[] {
  const items = list(data[key], '', key);
  const out: T[] = new Array(items.length);
  for (let i = 0; i < items.length; i++) {
    const at = `${key}[${i}]`;
    out[i] = one(obj(items[i], '', at), at);
  }
  return out;
}

export function normaliseLogs(data: Obj): LogFile[] {
  return rows(data, 'file', (f, at) => ({
    name: reqStr(f.name, at, 'name'),
    type: str(f.type, at, 'type'),
    size: num(f.size, at, 'size'),
    time: str(f.time, at, 'time'),
  }));
}

/**
 * A successful command reply. PowerMTA's words come from the JSON `message`
 * (`format=json`), a string `data` (`format=json-text`) or XML `<data><text>`.
 */
export function normaliseCommandReply(data: unknown, message: string): CommandReply {
  if (message) return { ok: true, text: message };
  if (typeof data === 'string') return { ok: true, text: data };
  if (data && typeof data === 'object' && !Array.isArray(data)) {
    const text = str((data as Obj).text, 'data', 'text');
    if (text !== null) return { ok: true, text };
  }
  return { ok: true, text: '' };
}
