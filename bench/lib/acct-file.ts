// The accounting file B11 and the backend comparison ingest: the simulator writes ten
// accelerated minutes of one busy node's accounting (every record type, ~450 bytes a row), and
// those rows are repeated to a file of about `records` rows in `dir` (one header line).
import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import { startSimNode } from '@/sim';

export async function writeSimAcctFile(dir: string, records: number): Promise<{ file: string; rows: number; bytes: number }> {
  const sim = await startSimNode({ id: 'acct', tickMs: 0, seed: 7, startTime: '2026-11-26T10:00:00Z', injectRate: 2000, randomEpisodes: false });
  for (let i = 0; i < 10; i++) sim.advance(60);
  sim.state(); // flushes buffered lines
  const name = readdirSync(sim.acctDir).filter((f) => f.endsWith('.csv'))[0]!;
  const text = readFileSync(path.join(sim.acctDir, name));
  await sim.stop();
  const nl = text.indexOf(0x0a);
  const header = text.subarray(0, nl + 1);
  const body = text.subarray(nl + 1);
  const perCopy = body.reduce((n, b) => n + (b === 0x0a ? 1 : 0), 0);
  const copies = Math.max(1, Math.round(records / perCopy));
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'acct-2026-11-26-1000.csv');
  const fd = openSync(file, 'w');
  writeSync(fd, header);
  for (let c = 0; c < copies; c++) writeSync(fd, body);
  closeSync(fd);
  return { file, rows: perCopy * copies, bytes: header.length + body.length * copies };
}
