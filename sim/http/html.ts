// The page a person gets without `format=`: the same data as nested tables. The console never
// asks for it; it exists so a browser pointed at the simulator shows something sensible.

import { escapeXml, Flag01, Kb, type Tree } from './tree';

const esc = escapeXml;

function cell(v: Tree): string {
  if (v === null || v === undefined) return '';
  if (typeof v !== 'object' || v instanceof Kb || v instanceof Flag01) {
    return esc(typeof v === 'boolean' ? (v ? 'yes' : 'no') : String(v));
  }
  if (Array.isArray(v)) return listTable(v);
  return objectTable(v);
}

function objectTable(obj: { [key: string]: Tree }): string {
  const rows = Object.keys(obj).map((k) => `<tr><th>${esc(k)}</th><td>${cell(obj[k])}</td></tr>`);
  return `<table>${rows.join('')}</table>`;
}

function listTable(items: Tree[]): string {
  if (items.length === 0) return '<i>none</i>';
  const objects = items.filter(
    (i): i is { [key: string]: Tree } => typeof i === 'object' && i !== null && !Array.isArray(i) && !(i instanceof Kb) && !(i instanceof Flag01),
  );
  if (objects.length !== items.length) return items.map(cell).join('<br>');
  const cols = [...new Set(objects.flatMap((o) => Object.keys(o)))];
  const head = `<tr>${cols.map((c) => `<th>${esc(c)}</th>`).join('')}</tr>`;
  const body = objects.map((o) => `<tr>${cols.map((c) => `<td>${cell(o[c])}</td>`).join('')}</tr>`);
  return `<table>${head}${body.join('')}</table>`;
}

const NAV = ['status', 'queues', 'domains', 'vmtas', 'jobs', 'logs'];

export function htmlPage(title: string, data: Tree, productLine: string): string {
  return [
    '<!DOCTYPE html><html><head><meta charset="utf-8"><title>',
    esc(title),
    ' - PowerMTA</title>',
    '<style>body{font:13px sans-serif}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 6px;text-align:left;vertical-align:top}</style>',
    '</head><body><p>',
    NAV.map((n) => `<a href="/${n}">${n}</a>`).join(' | '),
    ' &mdash; ',
    esc(productLine),
    '</p>',
    '<h1>',
    esc(title),
    '</h1>',
    cell(data),
    '</body></html>',
  ].join('');
}
