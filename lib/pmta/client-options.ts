import 'server-only';
// Options of createPmtaClient, validated once at construction (zod: cheap here, and a bad
// node entry should fail loudly at startup, not on the first poll).
import { z } from 'zod';

export const DEFAULT_MAX_BYTES = 64 * 1024 * 1024;
export const DEFAULT_TIMEOUT_MS = 15_000;

export const pmtaClientOptionsSchema = z.object({
  /** Base URL of the node's web monitor, e.g. `https://mta1.example.net:8080`. */
  url: z
    .string()
    .url()
    .refine((u) => /^https?:$/.test(new URL(u).protocol), 'url must be http:// or https://'),
  /** Sent as `X-API-Key` (5.0). Printable ASCII only, so it can never split a header. */
  apiKey: z
    .string()
    .regex(/^[\x21-\x7e]+$/, 'apiKey must be printable ASCII without spaces')
    .optional(),
  tls: z
    .object({
      /** Accept any certificate (PowerMTA 5.0's default self-signed webmon.pem). */
      insecure: z.boolean().optional(),
      /** PEM text of a CA (or the node's own certificate) to trust instead of the system roots. */
      ca: z.string().optional(),
    })
    .optional(),
  format: z.enum(['auto', 'xml', 'json']).default('auto'),
  timeoutMs: z.number().int().positive().default(DEFAULT_TIMEOUT_MS),
  maxBytes: z.number().int().positive().default(DEFAULT_MAX_BYTES),
});

export type PmtaClientOptions = z.input<typeof pmtaClientOptionsSchema>;
