import { dueSoonOrOverdue, localDate } from './deadlines.js';
import { composeDigestMail } from './digest-mail.js';
import { publicLink } from './coordinator-mail.js';
import type { Runtime } from '../runtime.js';
import { listCases } from './cases.js';
import { recordAudit } from '../db/audit.js';
import { coordinatorsToMail, digestSent } from './sql.js';

const OPEN_STATES = new Set(['received', 'intake_incomplete', 'admissibility_check', 'acknowledged', 'in_investigation', 'resolved_by_agreement', 'decided']);

/** Mails each coordinator the cases that fall due soon or are overdue; once per entity and local day. */
export async function sendDeadlineDigests(runtime: Runtime, now: Date): Promise<number> {
  const { db } = runtime;
  const entities = await coordinatorsToMail(db);
  let sent = 0;
  for (const entity of entities) {
    const day = localDate(now, entity.time_zone);
    if (await digestSent(db, entity.id, day)) continue;
    const { items } = await listCases(db, { entity: entity.id, limit: 10_000, offset: 0 }, now);
    const open = items.filter((c) => OPEN_STATES.has(c.state));
    const alerts = dueSoonOrOverdue(
      open.map((c) => ({ id: c.id, receivedAt: c.receivedAt, snapshot: { ...c.snapshot } })),
      now,
      entity.time_zone,
    );
    if (alerts.length === 0) continue;
    const byId = new Map(open.map((c) => [c.id, c]));
    await runtime.mailer.send(
      composeDigestMail({
        entityName: entity.name,
        coordinatorName: entity.coordinator_name,
        coordinatorEmail: entity.coordinator_email,
        day,
        lines: alerts.map((alert) => ({ ...alert, ticketNumber: byId.get(Number(alert.id))!.ticketNumber, caseUrl: publicLink(runtime.settings.publicUrl, `/cases/${alert.id}`) })),
      }),
    );
    await recordAudit(db, { actor: 'system', action: 'digest.sent', subjectType: 'entity', subjectId: entity.id, details: { day, alerts: alerts.length } });
    sent++;
  }
  return sent;
}
