// Request and response shapes of /api/auth/*.
import { z } from 'zod';
import { ROLES } from '@/lib/auth/roles';

/** Longest password the login form accepts (scrypt input bound; lib/auth/password.ts). */
export const MAX_PASSWORD_LENGTH = 1024;

export const loginBodySchema = z
  .object({
    username: z.string().trim().min(1).max(128),
    password: z.string().min(1).max(MAX_PASSWORD_LENGTH),
  })
  .strict();

export const authUserSchema = z.object({ username: z.string(), role: z.enum(ROLES) });

export const loginResponseSchema = z.object({ user: authUserSchema, csrfToken: z.string() });

export const meResponseSchema = z.object({ user: authUserSchema, csrfToken: z.string().nullable(), demo: z.boolean() }).nullable();

/** A live console session, as an admin sees it (the id is a hash, not the secret session id). */
export const sessionListingSchema = z.object({
  id: z.string(),
  username: z.string(),
  createdAt: z.number(),
  lastSeenAt: z.number(),
  expiresAt: z.number(),
  client: z.string(),
  current: z.boolean(),
});

export const sessionsResponseSchema = z.object({ sessions: z.array(sessionListingSchema) });

export const revokeSessionsQuerySchema = z
  .object({
    user: z.string().trim().min(1).max(128).optional(),
    id: z
      .string()
      .regex(/^[A-Za-z0-9_-]{16}$/, 'a session id from GET /api/auth/sessions')
      .optional(),
  })
  .strict()
  .refine((q) => (q.user === undefined) !== (q.id === undefined), 'give exactly one of user or id');

export const revokeSessionsResponseSchema = z.object({ revoked: z.number(), auditId: z.number() });
