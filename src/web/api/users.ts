/** Admins' calls: users, their role and entities. */
import type { Client } from './client.js';

export type Role = 'agent' | 'coordinator' | 'admin';
export const ROLES: readonly Role[] = ['agent', 'coordinator', 'admin'];

export interface ManagedUser {
  id: number;
  email: string;
  name: string;
  role: Role;
  entities: string[];
  disabled: boolean;
  hasPassword?: boolean;
  lastLoginAt?: string | null;
}

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
    users: () => request<{ items: ManagedUser[] }>('GET', '/api/users'),
    createUser: (user: NewUser) => request<ManagedUser>('POST', '/api/users', user),
    updateUser: (userId: number, patch: UserPatch) => request<ManagedUser>('PATCH', `/api/users/${userId}`, patch),
  };
}
