import { listUsers } from '../accounts/users.js';
import { recordAudit } from '../db/audit.js';
import type { Runtime } from '../runtime.js';
import { composeOutageAlertMail, composeOutageRecoveryMail } from './alert-mail.js';
import { alertCutoff, alertRecipients, DEFAULT_ALERT_AFTER_MINUTES } from './alert-rules.js';
import { claimOutageAlert, claimOutageRecovery, releaseOutageClaim, type OutageForMail } from './sql.js';
import type { MailMessage } from '../complaints/coordinator-mail.js';

/** `health.alertAfterMinutes` from the settings, or its default. */
export function alertAfterMinutes(runtime: Pick<Runtime, 'settings'>): number {
  return runtime.settings.health?.alertAfterMinutes ?? DEFAULT_ALERT_AFTER_MINUTES;
}

/**
 * The health check of the workers' sweep: mails each admin of the entity once when a channel's outage
 * has lasted `health.alertAfterMinutes`, and once when it ends (only if the alert went out). Each mail
 * is claimed on the outage row before it is sent, so several workers and restarts send it once; a
 * claim none of whose mails could be sent is given back for the next sweep.
 */
export async function checkChannelHealth(runtime: Runtime): Promise<{ alerts: number; recoveries: number }> {
  const now = runtime.now();
  const cutoff = alertCutoff(now, alertAfterMinutes(runtime));
  // One outage claimed at a time, so a process that stops in the middle leaves the others to the next
  // sweep; a claim given back (not one mail could be sent) waits for the next sweep too.
  const failed: number[] = [];
  let alerts = 0;
  for (let outage = await claimOutageAlert(runtime.db, cutoff, now); outage; outage = await claimOutageAlert(runtime.db, cutoff, now, failed)) {
    if (await mailAdmins(runtime, outage, 'alert', now)) alerts++;
    else failed.push(outage.id);
  }
  let recoveries = 0;
  for (let outage = await claimOutageRecovery(runtime.db, now); outage; outage = await claimOutageRecovery(runtime.db, now, failed)) {
    if (await mailAdmins(runtime, outage, 'recovery', now)) recoveries++;
    else failed.push(outage.id);
  }
  return { alerts, recoveries };
}

/** Mails the entity's admins; false when not one mail could be sent and the claim was given back. */
async function mailAdmins(runtime: Runtime, outage: OutageForMail, mail: 'alert' | 'recovery', now: Date): Promise<boolean> {
  const { db, logger, settings } = runtime;
  const admins = alertRecipients(await listUsers(db, [outage.entityId]), outage.entityId);
  const compose = mail === 'alert' ? composeOutageAlertMail : composeOutageRecoveryMail;
  let sent = 0;
  for (const admin of admins) {
    const message: MailMessage = compose({ outage, to: admin, publicUrl: settings.publicUrl, now });
    try {
      await runtime.mailer.send(message);
      sent++;
    } catch (error) {
      logger.warn({ channelId: outage.channelId, outageId: outage.id, userId: admin.id, error: String(error) }, `channel ${mail} mail not sent`);
    }
  }
  if (admins.length > 0 && sent === 0) {
    await releaseOutageClaim(db, outage.id, mail);
    return false;
  }
  await recordAudit(db, {
    actor: 'system',
    action: mail === 'alert' ? 'channel.outage_alerted' : 'channel.outage_recovered',
    subjectType: 'channel',
    subjectId: outage.channelId,
    details: { outage: outage.id, reason: outage.reason, admins: sent, ...(mail === 'recovery' ? { caughtUp: outage.caughtUp } : {}) },
  });
  logger.info({ channelId: outage.channelId, outageId: outage.id, admins: sent }, mail === 'alert' ? 'channel outage: admins mailed' : 'channel recovered: admins mailed');
  return true;
}
