/**
 * When an unhealthy channel reaches people (issue 15): the pure rules behind the outage alerts, the
 * banner and the health board. No I/O and no imports, so the web app shares them.
 */

/** Why a channel is unhealthy: the token was refused, the platform or network failed, rate limited beyond its reset. */
export const OUTAGE_REASONS = ['auth_expired', 'failed', 'rate_limited'] as const;
export type OutageReason = (typeof OUTAGE_REASONS)[number];

/** `health.alertAfterMinutes` when the settings give none. */
export const DEFAULT_ALERT_AFTER_MINUTES = 15;
/** The health board shows the last outage that ended within this many days. */
export const LAST_OUTAGE_DAYS = 7;

const MINUTE_MS = 60_000;

/** The status a failure writes, as the outage's reason. */
export function outageReasonOf(status: string): OutageReason | undefined {
  switch (status) {
    case 'auth_expired':
      return 'auth_expired';
    case 'error':
      return 'failed';
    case 'rate_limited':
      return 'rate_limited';
    default:
      return undefined;
  }
}

/** Outages that began at or before this instant have lasted long enough to alert. */
export function alertCutoff(now: Date, alertAfterMinutes: number): Date {
  return new Date(now.getTime() - alertAfterMinutes * MINUTE_MS);
}

/** An open outage alerts once it has lasted the threshold. */
export function isAlerting(outage: { startedAt: Date; endedAt: Date | null }, now: Date, alertAfterMinutes: number): boolean {
  return outage.endedAt === null && outage.startedAt.getTime() <= alertCutoff(now, alertAfterMinutes).getTime();
}

/** Since when the last outage shown on the board may have ended. */
export function lastOutageSince(now: Date): Date {
  return new Date(now.getTime() - LAST_OUTAGE_DAYS * 24 * 60 * MINUTE_MS);
}

/** Whole minutes from `from` to `to`, never negative. */
export function minutesBetween(from: Date, to: Date): number {
  return Math.max(0, Math.floor((to.getTime() - from.getTime()) / MINUTE_MS));
}

export interface AlertRecipient {
  id: number;
  email: string;
  name: string;
  role: string;
  language: string;
  entities: readonly string[];
  disabled: boolean;
}

/** Who is mailed about an entity's channel: its admins whose account is active. */
export function alertRecipients<U extends AlertRecipient>(users: readonly U[], entityId: string): U[] {
  return users.filter((user) => user.role === 'admin' && !user.disabled && user.entities.includes(entityId));
}

/** "2 h 10 min", "23 min": a duration as the board and the mails say it (the same in Dutch and English). */
export function durationWords(minutes: number): string {
  const whole = Math.max(0, Math.floor(minutes));
  const days = Math.floor(whole / 1440);
  const hours = Math.floor((whole % 1440) / 60);
  const rest = whole % 60;
  if (days > 0) return hours > 0 ? `${days} d ${hours} h` : `${days} d`;
  if (hours > 0) return rest > 0 ? `${hours} h ${rest} min` : `${hours} h`;
  return `${rest} min`;
}
