// Tests of the boundary itself (auth, CSRF) need routes that are not in the registry: a
// contract with the given role and schemas, answering any JSON.
import { z } from 'zod';
import type { RouteContract } from './contracts/registry';

export function testContract<const C extends Omit<Partial<RouteContract>, 'role'> & Pick<RouteContract, 'role'>>(c: C) {
  return { method: 'GET', path: '/api/test', summary: 'test route', response: z.unknown(), ...c } as const;
}
