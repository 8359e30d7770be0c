// The `users` and `auth` sections of the console's configuration (wired into schema.ts).
// Bad hashes, duplicate usernames and malformed proxy CIDRs stop start-up with a message
// naming the field, rather than surfacing as failed logins later.
import { z } from 'zod';
import { ROLES } from '@/lib/auth/roles';
import { parsePasswordHash } from '@/lib/auth/password-format';
import { parseCidr } from '@/lib/auth/cidr';

export const roleSchema = z.enum(ROLES);

const passwordHash = z.string().superRefine((s, ctx) => {
  const parsed = parsePasswordHash(s);
  if (typeof parsed === 'string') ctx.addIssue({ code: 'custom', message: parsed });
});

export const userSchema = z
  .object({
    username: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/, 'letters, digits, ".", "_", "@" and "-", at most 64 characters'),
    passwordHash,
    role: roleSchema,
  })
  .strict();

export const usersSchema = z
  .array(userSchema)
  .default([])
  .superRefine((users, ctx) => {
    // Case-insensitively unique: "Admin" and "admin" as two accounts would only confuse.
    const seen = new Set<string>();
    users.forEach((u, i) => {
      const key = u.username.toLowerCase();
      if (seen.has(key)) ctx.addIssue({ code: 'custom', path: [i, 'username'], message: `duplicate username "${u.username}"` });
      seen.add(key);
    });
  });

const cidr = z.string().superRefine((s, ctx) => {
  const parsed = parseCidr(s);
  if (typeof parsed === 'string') ctx.addIssue({ code: 'custom', message: parsed });
});

const headerName = z
  .string()
  .regex(/^[A-Za-z0-9-]{1,64}$/, 'an HTTP header name')
  .transform((h) => h.toLowerCase());

export const trustedProxySchema = z
  .object({
    /** Header carrying the authenticated username, e.g. x-forwarded-user. */
    header: headerName,
    /** Optional header carrying the role (viewer|operator|admin). */
    roleHeader: headerName.optional(),
    /** Role for proxy users with no role header and no entry in `users`. */
    defaultRole: roleSchema.default('viewer'),
    /** Peer addresses (the proxy itself) whose headers are believed. */
    addresses: z.array(cidr).min(1, 'list the proxy addresses (CIDR) allowed to assert users'),
  })
  .strict();

export const AUTH_DEFAULTS = {
  sessionHours: 12,
  idleTimeoutMinutes: 60,
  cookieSecure: 'auto' as const,
  loginRateLimit: { attempts: 5, windowSeconds: 300 },
};

export const authSchema = z
  .object({
    /** HMAC key for sessions and CSRF tokens; generated and kept in <store dir>/session-secret when absent. */
    sessionSecret: z.string().min(32, 'at least 32 characters (e.g. `openssl rand -base64 48`)').optional(),
    sessionHours: z
      .number()
      .min(0.25)
      .max(24 * 30)
      .default(AUTH_DEFAULTS.sessionHours),
    /**
     * A session unused for this long ends (0: never). An open console page polls, so it keeps
     * its session alive; a closed laptop's does not outlive the timeout.
     */
    idleTimeoutMinutes: z
      .number()
      .int()
      .min(0)
      .max(30 * 24 * 60)
      .default(AUTH_DEFAULTS.idleTimeoutMinutes),
    /** 'auto': Secure cookies when the request arrived over https. */
    cookieSecure: z.union([z.literal('auto'), z.boolean()]).default(AUTH_DEFAULTS.cookieSecure),
    trustedProxy: trustedProxySchema.optional(),
    /**
     * Host names (optionally with :port) the console answers to; any other Host header is
     * refused (DNS rebinding). Absent or empty: any host.
     */
    allowedHosts: z.array(z.string().regex(/^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(:\d{1,5})?$/, 'a host name or address, optionally with :port')).optional(),
    /** Bearer token accepted by routes that opt in (GET /api/metrics). */
    metricsToken: z.string().min(16, 'at least 16 characters').optional(),
    loginRateLimit: z
      .object({
        attempts: z.number().int().min(1).max(1000).default(AUTH_DEFAULTS.loginRateLimit.attempts),
        windowSeconds: z.number().int().min(1).max(86_400).default(AUTH_DEFAULTS.loginRateLimit.windowSeconds),
      })
      .strict()
      .default(AUTH_DEFAULTS.loginRateLimit),
  })
  .strict()
  .default(AUTH_DEFAULTS);

export type UserConfig = z.infer<typeof userSchema>;
export type AuthConfig = z.infer<typeof authSchema>;
