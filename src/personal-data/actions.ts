import { readdirSync, readFileSync, unlinkSync } from 'node:fs';
import path from 'node:path';
import { recordAudit } from '../db/audit.js';
import type { Db, Queryable } from '../db/db.js';
import type { Runtime } from '../runtime.js';
import { headerBlockOf, mailIsAbout, retentionCutoffs, retentionSettings, type ErasureCounts, type RetentionSettings } from './rules.js';
import * as sql from './sql.js';

/**
 * Personal data use cases (issue 17): export everything about a contact in one entity, erase it
 * leaving a tombstone that keeps the counts, and the retention job. A contact (one account on one
 * platform) can write to several entities; each entity is its own controller, so export and
 * erasure are per entity, and the contact row becomes a tombstone once no entity holds it any more.
 */

/** What these use cases need of a process's runtime (the CLI has no queues). */
export type PersonalDataDeps = Pick<Runtime, 'db' | 'settings' | 'logger' | 'now'>;

export type ContactRef = { contactId: number; entityId: string } | { channelId: string; platformUserId: string };

export interface ResolvedContact {
  contact: sql.ContactRow;
  scope: sql.Scope;
}

/** The contact and the ids of its data in the entity; undefined when the contact has no tickets there. */
export async function resolveContact(db: Queryable, ref: ContactRef): Promise<ResolvedContact | undefined> {
  let contact: sql.ContactRow | undefined;
  let entityId: string;
  if ('contactId' in ref) {
    contact = await sql.contactById(db, ref.contactId);
    entityId = ref.entityId;
  } else {
    const channel = await sql.channelOwner(db, ref.channelId);
    if (!channel) return undefined;
    contact = await sql.contactByPlatformUser(db, channel.platform, ref.platformUserId);
    entityId = channel.entity_id;
  }
  if (!contact) return undefined;
  const scope = await sql.contactScope(db, contact, entityId);
  if (scope.ticketIds.length === 0 && (await sql.erasuresOf(db, contact.id, entityId)).length === 0) return undefined;
  return { contact, scope };
}

/** The contact's page: who, their tickets in the entity, and earlier erasures. */
export async function contactSummary(db: Queryable, resolved: ResolvedContact) {
  const { contact, scope } = resolved;
  const tickets = await sql.exportTickets(db, scope);
  return {
    id: contact.id,
    entityId: scope.entityId,
    platform: contact.platform,
    platformUserId: contact.platform_user_id,
    handle: contact.handle,
    name: contact.name,
    erasedAt: contact.erased_at,
    tickets: tickets.map((t) => ({ id: t.id as number, number: t.number as number, category: t.category as string, status: t.status as string, createdAt: t.created_at as Date })),
    erasures: (await sql.erasuresOf(db, contact.id, scope.entityId)).map((e) => ({ erasedAt: e.erased_at, actor: e.actor })),
  };
}

/** Everything stored about the contact in the entity, as one JSON document (the GDPR right of access). */
export async function exportContact(db: Queryable, resolved: ResolvedContact, at: Date) {
  const { contact, scope } = resolved;
  const [tickets, messages, notes, corrections, cases, audit, webhookDeliveries, quarantined, erasures, referrals] = await Promise.all([
    sql.exportTickets(db, scope),
    sql.exportMessages(db, scope),
    sql.exportNotes(db, scope),
    sql.exportCorrections(db, scope),
    sql.exportCases(db, scope),
    sql.exportAudit(db, scope),
    sql.exportWebhookDeliveries(db, scope),
    sql.exportQuarantine(db, scope),
    sql.erasuresOf(db, contact.id, scope.entityId),
    sql.exportReferrals(db, scope),
  ]);
  const attachments = messages.flatMap((m) =>
    (Array.isArray(m.attachments) ? (m.attachments as Array<Record<string, unknown>>) : []).map((a, index) => ({
      messageId: m.id,
      index,
      type: a.type,
      ...(a.filename !== undefined ? { filename: a.filename } : {}),
      ...(a.mimeType !== undefined ? { mimeType: a.mimeType } : {}),
      ...(a.size !== undefined ? { size: a.size } : {}),
      ...(a.url !== undefined ? { url: a.url } : {}),
    })),
  );
  return {
    exportedAt: at.toISOString(),
    entityId: scope.entityId,
    contact: { id: contact.id, platform: contact.platform, platformUserId: contact.platform_user_id, handle: contact.handle, name: contact.name, createdAt: contact.created_at, updatedAt: contact.updated_at, erasedAt: contact.erased_at },
    tickets,
    messages,
    attachments,
    notes,
    classificationCorrections: corrections,
    referrals,
    complaintCases: cases,
    auditEntries: audit,
    webhookDeliveries,
    quarantinedItems: quarantined,
    erasures,
  };
}

export type ContactExport = Awaited<ReturnType<typeof exportContact>>;

/** What an erasure would remove, counted (the confirmation). */
export async function erasurePreview(runtime: PersonalDataDeps, resolved: ResolvedContact): Promise<ErasureCounts> {
  const { db } = runtime;
  const counts = await sql.erasableCounts(db, resolved.scope);
  return {
    tickets: resolved.scope.ticketIds.length,
    cases: resolved.scope.complaintIds.length,
    ...counts,
    mailFiles: mailFilesAbout(runtime.settings.mail.dir, resolved.scope).length,
    contactRow: !(await sql.contactLivesElsewhere(db, resolved.contact.id, resolved.scope.entityId)),
  };
}

/**
 * Erases the contact's data in the entity in one transaction: message texts, raw payloads, earlier
 * versions and attachments, notes and correction reasons, the cases' personal fields and letters,
 * the stored webhook deliveries and quarantined items that mention them, the details of the audit
 * entries about them; pending sends about them stop. Tickets, messages and cases keep their rows,
 * categories, states and dates, so every count (the annual report's too) stays. After the commit the
 * mail folder's files about them are deleted.
 */
export async function eraseContact(runtime: PersonalDataDeps, resolved: ResolvedContact, actor: string): Promise<ErasureCounts> {
  const { db } = runtime;
  const { contact, scope } = resolved;
  const at = runtime.now();
  const counts = await db.transaction(async (tx) => {
    const before = await sql.erasableCounts(tx, scope);
    await sql.eraseMessages(tx, scope.ticketIds, at);
    await sql.eraseNotes(tx, scope.ticketIds);
    await sql.eraseCases(tx, scope.complaintIds);
    await sql.stopPendingEffects(tx, scope.messageIds, scope.complaintIds);
    await sql.eraseWebhookDeliveries(tx, scope);
    await sql.eraseQuarantine(tx, scope);
    await sql.eraseAuditDetails(tx, scope);
    const contactRow = !(await sql.contactLivesElsewhere(tx, contact.id, scope.entityId));
    if (contactRow) await sql.tombstoneContact(tx, contact.id, at);
    const mailFiles = mailFilesAbout(runtime.settings.mail.dir, scope).length;
    const result: ErasureCounts = { tickets: scope.ticketIds.length, cases: scope.complaintIds.length, ...before, mailFiles, contactRow };
    await sql.insertErasure(tx, { contactId: contact.id, entityId: scope.entityId, at, actor, counts: result });
    // Counts and ids only: the audit of an erasure holds nothing of what was erased.
    await recordAudit(tx, { actor, action: 'contact.erased', subjectType: 'contact', subjectId: contact.id, details: { entityId: scope.entityId, ...result }, at });
    return result;
  });
  const removed = deleteMailFiles(runtime, scope);
  runtime.logger.info({ contactId: contact.id, entityId: scope.entityId, mailFiles: removed }, 'contact erased');
  return { ...counts, mailFiles: removed };
}

/** Records that someone exported a contact's data (an export is itself a processing of personal data). */
export async function auditExport(db: Queryable, resolved: ResolvedContact, actor: string): Promise<void> {
  await recordAudit(db, { actor, action: 'contact.exported', subjectType: 'contact', subjectId: resolved.contact.id, details: { entityId: resolved.scope.entityId } });
}

/** The mail folder's .eml files about the scope's tickets, cases and letters. */
function mailFilesAbout(dir: string, scope: sql.Scope): string[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((name) => name.endsWith('.eml'));
  } catch {
    return [];
  }
  const match = {
    ticketNumbers: new Set(scope.ticketNumbers.map(String)),
    complaintIds: new Set(scope.complaintIds.map(String)),
    letterIds: new Set(scope.letterIds.map(String)),
  };
  if (match.ticketNumbers.size === 0 && match.complaintIds.size === 0) return [];
  return names.map((name) => path.join(dir, name)).filter((file) => {
    try {
      return mailIsAbout(headerBlockOf(readFileSync(file, 'utf8')), match);
    } catch {
      return false;
    }
  });
}

function deleteMailFiles(runtime: PersonalDataDeps, scope: sql.Scope): number {
  let removed = 0;
  for (const file of mailFilesAbout(runtime.settings.mail.dir, scope)) {
    try {
      unlinkSync(file);
      removed++;
    } catch (error) {
      runtime.logger.warn({ file: path.basename(file), error: String(error) }, 'mail file not deleted');
    }
  }
  return removed;
}

// ── Retention ────────────────────────────────────────────────────────────────────────────────────

export async function getRetention(db: Queryable, entityId: string): Promise<RetentionSettings | undefined> {
  const [row] = await sql.entityRetentionRows(db, entityId);
  return row ? retentionSettings(row.retention) : undefined;
}

export async function setRetention(db: Db, entityId: string, settings: RetentionSettings, actor: string): Promise<boolean> {
  return db.transaction(async (tx) => {
    if (!(await sql.saveRetention(tx, entityId, settings))) return false;
    await recordAudit(tx, { actor, action: 'entity.retention_changed', subjectType: 'entity', subjectId: entityId, details: settings });
    return true;
  });
}

export interface RetentionOutcome {
  entityId: string;
  rawPayloads: number;
  webhookDeliveries: number;
  quarantined: number;
  closedTickets: number;
}

/**
 * Applies every entity's retention settings at `runtime.now()`: raw payloads past their days go,
 * closed tickets past their years lose their texts (as an erasure does, the rows and counts stay).
 * Idempotent: what is gone is not counted again. Each entity in its own transaction.
 */
export async function runRetention(runtime: PersonalDataDeps, options: { entityId?: string; actor?: string } = {}): Promise<RetentionOutcome[]> {
  const { db } = runtime;
  const now = runtime.now();
  const outcomes: RetentionOutcome[] = [];
  for (const row of await sql.entityRetentionRows(db, options.entityId)) {
    const { rawBefore, closedBefore } = retentionCutoffs(retentionSettings(row.retention), now);
    const outcome = await db.transaction(async (tx) => {
      const raw = rawBefore ? await sql.dropRawPayloads(tx, row.id, rawBefore) : { messages: 0, webhookDeliveries: 0, quarantined: 0 };
      const tickets = closedBefore ? await sql.closedTicketsWithText(tx, row.id, closedBefore) : [];
      if (tickets.length > 0) {
        const complaints = await sql.complaintsOfTickets(tx, tickets);
        await sql.eraseMessages(tx, tickets, now);
        await sql.eraseNotes(tx, tickets);
        await sql.eraseCases(tx, complaints);
        await sql.tombstoneEmptiedContacts(tx, tickets, now);
      }
      const result: RetentionOutcome = { entityId: row.id, rawPayloads: raw.messages, webhookDeliveries: raw.webhookDeliveries, quarantined: raw.quarantined, closedTickets: tickets.length };
      if (result.rawPayloads + result.webhookDeliveries + result.quarantined + result.closedTickets > 0) {
        await recordAudit(tx, { actor: options.actor ?? 'system', action: 'entity.retention_applied', subjectType: 'entity', subjectId: row.id, details: result, at: now });
      }
      return result;
    });
    outcomes.push(outcome);
  }
  return outcomes;
}

/** Runs the retention job at most once per `everyMs` in this process (the worker's sweep calls it often). */
export function retentionEvery(everyMs: number): (runtime: PersonalDataDeps) => Promise<RetentionOutcome[] | undefined> {
  let last: number | undefined;
  return async (runtime) => {
    const now = runtime.now().getTime();
    if (last !== undefined && now - last < everyMs) return undefined;
    last = now;
    // one worker at a time: the others skip this round (the work is the same for all)
    const held = await runtime.db.whileHolding('retention', () => runRetention(runtime));
    return held.busy ? undefined : held.value;
  };
}

