import 'server-only';
// multipart/form-data for POST /command, built by hand (PowerMTA documents curl -F, S2 §8.3;
// Node 20 has no FormData serialiser for node:http). The boundary is random per request, and
// values come from the command whitelist (no CR/LF), so a value can never close a part.
import { randomBytes } from 'node:crypto';

export function buildMultipart(fields: Record<string, string>): { body: Buffer; contentType: string } {
  const boundary = `----pmta-console-${randomBytes(16).toString('hex')}`;
  let text = '';
  for (const [name, value] of Object.entries(fields)) {
    if (/[\r\n"]/.test(name) || value.includes(boundary)) throw new Error(`multipart field "${name}" cannot be encoded safely`);
    text += `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
  }
  text += `--${boundary}--\r\n`;
  return { body: Buffer.from(text, 'utf8'), contentType: `multipart/form-data; boundary=${boundary}` };
}
