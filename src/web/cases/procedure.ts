/**
 * The complaint procedure as the case screen needs it: states and the closed lists of decision
 * values with their Dutch and English words, straight from the domain (a pure module the web app
 * can bundle). Which steps a case allows comes from the API.
 */
export {
  CASE_STATES,
  DECLINE_GROUNDS,
  OMBUDS_NORMS,
  OUTCOMES,
  RESOLUTIONS,
  type CaseActionType,
  type CaseState,
} from '../../complaints/procedure.js';
/** Which step each letter to the citizen completes. */
export { LETTER_STEP } from '../../complaints/letter-texts.js';

export interface Coded {
  readonly code: string;
  readonly nl: string;
  readonly en: string;
}

/** The word for a code in the interface's language (the code itself when unknown). */
export function codeLabel(list: readonly Coded[], code: string | null | undefined, lang: 'nl' | 'en'): string {
  if (!code) return '';
  return list.find((item) => item.code === code)?.[lang] ?? code;
}
