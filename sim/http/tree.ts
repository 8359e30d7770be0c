// One data tree, three renderings. Views build plain objects; this file turns them into
// PowerMTA's one-line XML (strings everywhere), typed JSON, or an HTML page. XML is built by
// pushing parts into one array and joining once, so 100k-queue replies stay linear.

/** kB with one decimal: `769.4` in XML, the number 769.4 in JSON. */
export class Kb {
  constructor(readonly value: number) {}
  toJSON(): number {
    return Math.round(this.value * 10) / 10;
  }
  toString(): string {
    // Same rounding as toJSON (toFixed alone rounds x.x5 the binary way), so both formats agree.
    return (Math.round(this.value * 10) / 10).toFixed(1);
  }
}

/** A flag PowerMTA prints as `0`/`1` in XML and `false`/`true` in JSON (e.g. shuttingDown). */
export class Flag01 {
  constructor(readonly value: boolean) {}
  toJSON(): boolean {
    return this.value;
  }
  toString(): string {
    return this.value ? '1' : '0';
  }
}

export type Leaf = string | number | boolean | Kb | Flag01;
export type Tree = Leaf | null | undefined | Tree[] | { [key: string]: Tree };

const XML_ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

export function escapeXml(s: string): string {
  // Control characters are not allowed in XML 1.0 at all; replace rather than emit bad XML.
  return s.replace(/[&<>"']/g, (c) => XML_ESC[c] ?? c).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, ' ');
}

function leafText(v: Leaf): string {
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  return String(v);
}

function isLeaf(v: Tree): v is Leaf {
  return typeof v !== 'object' || v instanceof Kb || v instanceof Flag01;
}

function emit(parts: string[], name: string, v: Tree): void {
  if (v === null || v === undefined) return;
  if (Array.isArray(v)) {
    for (const item of v) emit(parts, name, item);
    return;
  }
  if (isLeaf(v)) {
    const text = leafText(v);
    parts.push(text === '' ? `<${name}/>` : `<${name}>${escapeXml(text)}</${name}>`);
    return;
  }
  parts.push(`<${name}>`);
  for (const key of Object.keys(v)) emit(parts, key, v[key]);
  parts.push(`</${name}>`);
}

export function xmlEnvelope(data: Tree): string {
  // No XML declaration and no newline: the whole reply is one line (docs/wire-format.md).
  const parts: string[] = ['<rsp>'];
  if (data === null || data === undefined || isLeaf(data)) parts.push('<data/>');
  else emit(parts, 'data', data);
  parts.push('<succ/></rsp>');
  return parts.join('');
}

export function xmlError(message: string): string {
  return `<rsp><err>${escapeXml(message)}</err></rsp>`;
}

export function jsonEnvelope(data: Tree, message = ''): string {
  return JSON.stringify({ data, status: 'success', message });
}

export function jsonError(message: string): string {
  return JSON.stringify({ data: null, status: 'error', message });
}
