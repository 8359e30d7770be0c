// Minimal Prometheus text exposition (format 0.0.4): HELP/TYPE once per family, escaped label
// values, samples grouped under their family. A full client library adds nothing here: the
// values are read from snapshots at scrape time, nothing is accumulated.

export type MetricType = 'gauge' | 'counter';
export type Labels = Record<string, string>;

const escapeLabel = (v: string) => v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');

export class Exposition {
  private families = new Map<string, { help: string; type: MetricType; lines: string[] }>();

  add(name: string, type: MetricType, help: string, labels: Labels, value: number | null | undefined): void {
    if (value === null || value === undefined || Number.isNaN(value)) return; // unknown: no sample
    let f = this.families.get(name);
    if (!f) {
      f = { help, type, lines: [] };
      this.families.set(name, f);
    }
    const l = Object.entries(labels)
      .map(([k, v]) => `${k}="${escapeLabel(v)}"`)
      .join(',');
    f.lines.push(`${name}${l ? `{${l}}` : ''} ${Number.isFinite(value) ? value : value > 0 ? '+Inf' : '-Inf'}`);
  }

  toString(): string {
    let out = '';
    for (const [name, f] of this.families) out += `# HELP ${name} ${f.help}\n# TYPE ${name} ${f.type}\n${f.lines.join('\n')}\n`;
    return out;
  }
}
