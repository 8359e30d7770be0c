// `${VAR}` interpolation for config values, so secrets (API keys, session secrets) live in the
// environment rather than in the YAML file. `$${X}` escapes a literal `${X}`. A missing variable
// is an error, never an empty string: a node silently configured with an empty key would
// quietly lose its actions.
import { nullProto } from '@/lib/null-proto';

export class InterpolationError extends Error {
  constructor(
    readonly path: string,
    readonly variable: string,
  ) {
    super(`${path}: environment variable \${${variable}} is not set`);
  }
}

const PATTERN = /\$(\$?)\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/** Environment variables as read for interpolation. */
export type Env = Record<string, string | undefined>;

export function interpolate(value: unknown, env: Env, path = ''): unknown {
  if (typeof value === 'string') {
    return value.replace(PATTERN, (whole, escape: string, name: string) => {
      if (escape) return whole.slice(1);
      // Own variables only: `${constructor}` must not find Object's constructor.
      const v = Object.hasOwn(env, name) ? env[name] : undefined;
      if (v === undefined) throw new InterpolationError(path || '(root)', name);
      return v;
    });
  }
  if (Array.isArray(value)) return value.map((v, i) => interpolate(v, env, `${path}[${i}]`));
  if (value && typeof value === 'object') {
    // No prototype: a YAML key `__proto__` stays a key (and the strict schema refuses it)
    // instead of becoming this object's prototype.
    const out = nullProto<unknown>();
    for (const [k, v] of Object.entries(value)) out[k] = interpolate(v, env, path ? `${path}.${k}` : k);
    return out;
  }
  return value;
}
