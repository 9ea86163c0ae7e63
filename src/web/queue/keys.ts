/** Single-letter shortcuts do nothing while someone types. */
export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/**
 * Whether a single-letter shortcut must leave this key alone: text fields and selects, yes; a focused
 * checkbox or radio button, no (letters do nothing there, and j/k must keep working after a click on one).
 */
export function shortcutsBlocked(target: EventTarget | null): boolean {
  if (target instanceof HTMLInputElement && (target.type === 'checkbox' || target.type === 'radio')) return false;
  return isTyping(target);
}
