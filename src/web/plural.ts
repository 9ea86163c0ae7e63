/**
 * Counted words in the interface's language: `plural('nl', 1, { one: '{count} open ticket', other: '{count} open tickets' })`
 * → "1 open ticket". Dutch and English both have one and other; Intl.PluralRules decides which.
 */
export interface PluralForms {
  one: string;
  other: string;
}

const rules = new Map<string, Intl.PluralRules>();

export function plural(lang: string, count: number, forms: PluralForms): string {
  let rule = rules.get(lang);
  if (!rule) rules.set(lang, (rule = new Intl.PluralRules(lang)));
  const form = rule.select(count) === 'one' ? forms.one : forms.other;
  return form.replaceAll('{count}', count.toLocaleString(lang === 'nl' ? 'nl-BE' : 'en-GB'));
}
