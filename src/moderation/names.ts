/**
 * The moderation actions and flags by name, for the server and the web app alike: no imports, so the
 * web bundle takes these lists without zod or the connectors. rules.ts checks them against the
 * connectors' and the classifier's types.
 */
export const MODERATION_ACTIONS = ['hide', 'unhide', 'hold', 'reject', 'publish', 'delete'] as const;
export const MODERATION_FLAGS = ['insult', 'hate', 'threat', 'spam', 'personal_data'] as const;
