/**
 * A human decides what the institution says. What the system prepares after routing a complaint
 * (the intake question, the public invitation) waits as a draft for a person, unless the entity
 * opted in to automatic sending — and even then only when the classifier is at least as sure as the
 * entity asked. Pure.
 */
export interface AutoSendSetting {
  enabled: boolean;
  /** The complaint confidence (0–1) from which the system may send by itself. */
  minConfidence: number;
}

export const DEFAULT_AUTO_SEND: AutoSendSetting = { enabled: false, minConfidence: 0.9 };

export function sendsWithoutApproval(setting: AutoSendSetting | undefined, confidence: number | null): boolean {
  const { enabled, minConfidence } = setting ?? DEFAULT_AUTO_SEND;
  return enabled && confidence !== null && confidence >= minConfidence;
}
