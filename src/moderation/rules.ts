/**
 * Moderation on the platform (issue 17), the pure part: which action an agent may take on a message
 * in the state it is in, which action an entity's policy takes for the flags the classifier set,
 * and what state a message is in after an action. No I/O.
 */
import type { ModerationAction, ModerationState } from '../../connectors/types.js';
import type { ModerationFlag } from '../classify/types.js';
import { MODERATION_ACTIONS as WIRE_ACTIONS, MODERATION_FLAGS as WIRE_FLAGS } from './names.js';

export type { ModerationAction, ModerationState };

export const MODERATION_ACTIONS = WIRE_ACTIONS satisfies readonly ModerationAction[];
export const MODERATION_FLAGS = WIRE_FLAGS satisfies readonly ModerationFlag[];

/**
 * An entity's moderation policy (entities.settings.moderation): the flags whose messages are hidden
 * on the platform without waiting for an agent. Empty (the default): nothing happens by itself.
 */
export interface ModerationPolicy {
  autoHide: ModerationFlag[];
}

/** The stored JSON as a policy; anything unreadable is the default, off. */
export function readPolicy(value: unknown): ModerationPolicy {
  const list = typeof value === 'object' && value !== null ? (value as { autoHide?: unknown }).autoHide : undefined;
  const flags = Array.isArray(list) ? list.filter((f): f is ModerationFlag => (MODERATION_FLAGS as readonly string[]).includes(f as string)) : [];
  return { autoHide: [...new Set(flags)] };
}

/** The state a message has on the platform once the action is done. */
export function stateAfter(action: ModerationAction): ModerationState {
  switch (action) {
    case 'hide':
      return 'hidden';
    case 'hold':
      return 'held';
    case 'reject':
      return 'rejected';
    case 'delete':
      return 'deleted';
    case 'unhide':
    case 'publish':
      return 'visible';
  }
}

/** Whether the platform can take the action back (every action but delete). */
export function reversible(action: ModerationAction): boolean {
  return action !== 'delete';
}

/**
 * The actions that make sense now: those the platform allows for this kind of message, minus those
 * that would not change its state (hiding a hidden comment), and none once it is deleted.
 */
export function availableActions(supported: readonly ModerationAction[], state: ModerationState): ModerationAction[] {
  if (state === 'deleted') return [];
  return supported.filter((action) => stateAfter(action) !== state);
}

/**
 * What the entity's policy does with a new citizen message carrying these flags: the mildest action
 * that removes it from public view and can be undone (hide, else hold for review). Never reject or
 * delete by itself: LinkedIn, which only deletes, is left to an agent. Undefined: nothing to do.
 */
export function policyAction(
  supported: readonly ModerationAction[],
  flags: readonly string[],
  policy: ModerationPolicy,
): { action: ModerationAction; flag: ModerationFlag } | undefined {
  const flag = policy.autoHide.find((f) => flags.includes(f));
  if (!flag) return undefined;
  const action = (['hide', 'hold'] as const).find((a) => supported.includes(a));
  return action ? { action, flag } : undefined;
}

/** Only citizens' public messages: the entity's own replies and private conversations are not moderated. */
export function moderatable(message: { direction: string; visibility?: string | null; kind: string }): boolean {
  return message.direction === 'inbound' && message.kind !== 'dm' && message.kind !== 'email' && message.visibility !== 'private';
}
