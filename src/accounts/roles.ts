/** What a user is (their permissions follow from it, in access.ts) and the interface languages. Pure. */
export const ROLES = ['agent', 'coordinator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const LANGUAGES = ['nl', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
