import type { Queryable } from '../db/db.js';
import type { RoutedComplaint } from './coordinator-mail.js';

export interface LoadedComplaint extends RoutedComplaint {
  entityId: string;
  withdrawnReason: string | null;
  webhook: { url: string; secretEncrypted: string } | undefined;
}

/** A routed complaint as its coordinator mail and webhook show it; undefined without a coordinator e-mail. */
export async function loadRoutedComplaint(db: Queryable, complaintId: number, publicUrl: string): Promise<LoadedComplaint | undefined> {
  const { rows } = await db.query<{
    ticket_id: number;
    number: number;
    entity_name: string;
    coordinator_name: string | null;
    coordinator_email: string | null;
    channel_name: string | null;
    channel_id: string;
    platform: string;
    handle: string | null;
    name: string | null;
    received_at: Date;
    signals: string[];
    category_confidence: number | null;
    withdrawn_reason: string | null;
    withdrawn_at: Date | null;
    entity_id: string;
    webhook: { url: string; secretEncrypted: string } | null;
  }>(
    `select t.id as ticket_id, t.number, e.name as entity_name, e.coordinator_name, e.coordinator_email,
            ch.name as channel_name, ch.id as channel_id, ch.platform, co.handle, co.name, c.received_at,
            t.signals, t.category_confidence, c.withdrawn_reason, c.withdrawn_at, e.id as entity_id,
            e.settings->'complaintWebhook' as webhook
       from complaints c
       join tickets t on t.id = c.ticket_id
       join entities e on e.id = c.entity_id
       join channels ch on ch.id = t.channel_id
       join contacts co on co.id = t.contact_id
      where c.id = $1`,
    [complaintId],
  );
  const found = rows[0];
  if (!found?.coordinator_email) return undefined;
  const messages = await db.query<{ text: string; sent_at: Date; permalink: string | null }>(
    `select text, sent_at, permalink from messages where ticket_id = $1 and direction = 'inbound' order by sent_at, id limit 20`,
    [found.ticket_id],
  );
  return {
    complaintId,
    ticketNumber: found.number,
    ticketUrl: `${publicUrl.replace(/\/$/, '')}/tickets/${found.ticket_id}`,
    entityName: found.entity_name,
    coordinatorName: found.coordinator_name,
    coordinatorEmail: found.coordinator_email,
    channelName: found.channel_name ?? found.channel_id,
    platform: found.platform,
    authorHandle: found.handle,
    authorName: found.name,
    receivedAt: found.received_at,
    messages: messages.rows.map((m) => ({ text: m.text, sentAt: m.sent_at, permalink: m.permalink })),
    signals: found.signals,
    confidence: found.category_confidence,
    withdrawnReason: found.withdrawn_at ? (found.withdrawn_reason ?? 'not a complaint') : null,
    entityId: found.entity_id,
    webhook: found.webhook ?? undefined,
  };
}

/** Entities whose coordinator has an e-mail address, for the deadline digest. */
export async function coordinatorsToMail(db: Queryable): Promise<Array<{ id: string; name: string; coordinator_name: string | null; coordinator_email: string; time_zone: string }>> {
  const { rows } = await db.query<{ id: string; name: string; coordinator_name: string | null; coordinator_email: string; time_zone: string }>(
    `select id, name, coordinator_name, coordinator_email, time_zone from entities where coordinator_email is not null order by id`,
  );
  return rows;
}

/** Whether the entity's digest for that local day went out already (the audit log says so). */
export async function digestSent(db: Queryable, entityId: string, day: string): Promise<boolean> {
  const { rows } = await db.query(`select 1 from audit_log where action = 'digest.sent' and subject_id = $1 and details->>'day' = $2`, [entityId, day]);
  return rows.length > 0;
}
