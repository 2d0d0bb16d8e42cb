/**
 * Adds a user of `council` and signs them in through the API, as a person would: returns the
 * session cookie (`name=value`) for later requests. Customers act for customer `c1`.
 */
import { expect } from 'bun:test';
import { addUser, type Role } from '../../server/services/auth.ts';
import type { buildTestApp } from './app.ts';

export async function signInAs(t: Pick<ReturnType<typeof buildTestApp>, 'app' | 'deps'>, email: string, role: Role, council: string): Promise<string> {
  await addUser(t.deps, { councilSlug: council, email, password: 'a long password', role, customerId: role === 'customer' ? 'c1' : undefined });
  const res = await t.app.request('/api/v1/auth/login', {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: 'a long password' }),
  });
  expect(res.status).toBe(204);
  return res.headers.get('set-cookie')!.split(';')[0];
}
