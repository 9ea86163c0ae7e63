/** The platforms the inbox speaks, as the server's descriptors state them (GET /api/platforms). */
import type { Client } from './client.js';

export interface PlatformView {
  id: string;
  names: { nl: string; en: string };
  account: { required: string[]; optional: string[] };
  credentials: string[];
  /** Names of keys only this platform has; other keys are named by the interface's dictionary. */
  labels?: Record<string, { nl: string; en: string }>;
  /** False when the platform gives no history back after an interruption. */
  history?: boolean;
  /** "Connect with …" is offered (the platform's OAuth flow). */
  oauth?: boolean;
  /** Moderation actions the platform allows per kind of message (hide, hold, delete…); none listed: none. */
  moderation?: Record<string, string[]>;
}

export function platformCalls({ request }: Client) {
  return {
    platforms: () => request<{ items: PlatformView[] }>('GET', '/api/platforms'),
  };
}
