import 'server-only';
import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { configSchema, type ConsoleConfig } from './schema';
import { interpolate, InterpolationError, type Env } from './interpolate';

const DEFAULT_CONFIG_PATH = './pmta-console.yaml';

/** A configuration problem: names the file, the field and what was expected. */
export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`Invalid configuration in ${file}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

function formatIssue(issue: z.core.$ZodIssue): string {
  const where = issue.path.length
    ? issue.path
        .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
        .join('')
        .replace(/^\./, '')
    : '(root)';
  return `${where}: ${issue.message}`;
}

/** Parse and validate configuration text; `file` is only used in messages. */
export function parseConfig(text: string, file: string, env: Env = process.env): ConsoleConfig {
  const doc = parseDocument(text, { prettyErrors: true });
  if (doc.errors.length)
    throw new ConfigError(
      file,
      doc.errors.map((e) => `YAML: ${e.message.split('\n')[0]}`),
    );
  let raw: unknown;
  try {
    raw = interpolate(doc.toJS() ?? {}, env);
  } catch (e) {
    if (e instanceof InterpolationError) throw new ConfigError(file, [e.message]);
    throw e;
  }
  const result = configSchema.safeParse(raw);
  if (!result.success) throw new ConfigError(file, result.error.issues.map(formatIssue));
  return result.data;
}

function configPath(env: Env = process.env): string {
  return path.resolve(/*turbopackIgnore: true*/ env.PMTA_CONSOLE_CONFIG || DEFAULT_CONFIG_PATH);
}

/** Read the configuration file named by PMTA_CONSOLE_CONFIG (default ./pmta-console.yaml). */
export function loadConfigFile(env: Env = process.env): ConsoleConfig {
  const file = configPath(env);
  if (!existsSync(/*turbopackIgnore: true*/ file)) {
    throw new ConfigError(file, [
      'file not found. Copy pmta-console.example.yaml to pmta-console.yaml (or set PMTA_CONSOLE_CONFIG), or run `npm run demo` for a simulated fleet.',
    ]);
  }
  return parseConfig(readFileSync(/*turbopackIgnore: true*/ file, 'utf8'), file, env);
}
