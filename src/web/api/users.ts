/** Admins' calls: users, their role and entities. */
import type { z } from 'zod';
import type { managedUserListWire, managedUserWire } from '../../accounts/wire.js';
import type { Client } from './client.js';

/** An account as admins see it, as src/accounts/wire.ts defines it for the API (dates as ISO strings). */
export type ManagedUser = z.input<typeof managedUserWire>;
export type Role = ManagedUser['role'];
export const ROLES: readonly Role[] = ['agent', 'coordinator', 'admin'];

export interface NewUser {
  email: string;
  name: string;
  role: Role;
  entities: string[];
  password?: string;
}

export type UserPatch = Partial<{ name: string; role: Role; entities: string[]; disabled: boolean; password: string }>;

export function userCalls({ request }: Client) {
  return {
    users: () => request<z.input<typeof managedUserListWire>>('GET', '/api/users'),
    createUser: (user: NewUser) => request<ManagedUser>('POST', '/api/users', user),
    updateUser: (userId: number, patch: UserPatch) => request<ManagedUser>('PATCH', `/api/users/${userId}`, patch),
  };
}
