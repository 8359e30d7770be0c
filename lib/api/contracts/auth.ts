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
