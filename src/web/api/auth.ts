/** Signing in and out, the session's user, the user's language and password. */
import type { z } from 'zod';
import type { whoAmIWire } from '../../accounts/wire.js';
import type { User } from '../ticket/wire.js';
import { ApiError, type Client } from './client.js';

/** Who I am and my session's CSRF token, as src/accounts/wire.ts defines it for the API. */
type WhoAmI = z.input<typeof whoAmIWire>;

export function authCalls({ request, setCsrfToken }: Client) {
  return {
    async login(email: string, password: string): Promise<User> {
      const me = await request<WhoAmI>('POST', '/api/auth/login', { email, password });
      setCsrfToken(me.csrfToken);
      return me.user!;
    },
    /** The signed-in user, or null without a session. */
    async me(): Promise<User | null> {
      try {
        const me = await request<WhoAmI>('GET', '/api/auth/me');
        setCsrfToken(me.csrfToken);
        return me.user;
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) return null;
        throw error;
      }
    },
    async logout(): Promise<void> {
      await request<void>('POST', '/api/auth/logout');
      setCsrfToken(null);
    },
    setLanguage: (language: 'nl' | 'en') => request<WhoAmI>('PATCH', '/api/auth/me', { language }),
    /** Other sessions end; this one continues under a new cookie and CSRF token. */
    async changePassword(currentPassword: string, newPassword: string): Promise<void> {
      const me = await request<WhoAmI>('POST', '/api/auth/password', { currentPassword, newPassword });
      setCsrfToken(me.csrfToken);
    },
  };
}
