/** The variables a canned response may use, as written between double braces. */
export const CANNED_VARIABLES = ['contact.name', 'contact.handle', 'ticket.number', 'agent.name', 'entity.name'] as const;
export type CannedVariable = (typeof CANNED_VARIABLES)[number];

export type CannedValues = Partial<Record<CannedVariable, string | number | null | undefined>>;

const PLACEHOLDER = /\{\{\s*([a-zA-Z]+(?:\.[a-zA-Z]+)*)\s*\}\}/g;

/**
 * Fills `{{contact.name}}` and the other known variables. An unknown variable, or one without a
 * value (a contact without a display name), stays as written so the agent sees what to fill in.
 */
export function renderCanned(body: string, values: CannedValues): string {
  return body.replace(PLACEHOLDER, (placeholder, name: string) => {
    if (!(CANNED_VARIABLES as readonly string[]).includes(name)) return placeholder;
    const value = values[name as CannedVariable];
    return value === null || value === undefined || value === '' ? placeholder : String(value);
  });
}
