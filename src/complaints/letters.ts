import { randomUUID } from 'node:crypto';
import { platformName } from '../../connectors/platforms.js';
import { connectorFor } from '../../connectors/registry.js';
import type { Platform } from '../../connectors/types.js';
import { recordAudit } from '../db/audit.js';
import { enqueueOutbox } from '../db/outbox.js';
import { conflict, notFound, unprocessable } from '../http/errors.js';
import { dispatchCommitted } from '../queue/dispatch.js';
import type { Runtime } from '../runtime.js';
import { loadReplyContext, markReplyEnded, markReplySent, queueReplyIn, recordLetterMessage, supersedeDraft, type ReplyContext } from '../tickets/replies.js';
import { getCase, performCaseActionIn, toSnapshot, type CaseActionOutcome, type ComplaintCase } from './cases.js';
import { localDate } from './deadlines.js';
import { FLEMISH_COMPLAINT_PAGE, intakeDraftKey } from './intake-texts.js';
import { letterRoutes, type LetterRoute, type LetterStatus } from './letter-delivery.js';
import { settleLetterOfMessage } from './letter-settle.js';
import { composeLetter, LETTER_STEP, letterLanguage, letterProblems, type LetterFacts, type LetterKind, type LetterLanguage, type LetterRequirement } from './letter-texts.js';
import { applyCaseAction, type CaseAction, type CaseState } from './procedure.js';
import { insertLetter, letterRow, letterRows, letterSender, lockCase, lockLetter, openLetter, setLetterStatus, type LetterRow, type LetterSender } from './sql.js';

/** Where an interim message makes sense: the case is being handled and not yet answered. */
const INTERIM_STATES: readonly CaseState[] = ['intake_incomplete', 'admissibility_check', 'acknowledged', 'in_investigation', 'resolved_by_agreement', 'decided'];

/** What the coordinator fills in for a letter: the step's own fields, and the answer's reasons. */
export interface LetterInput {
  kind: LetterKind;
  language?: LetterLanguage | undefined;
  /** acknowledgement: the handler; refusal: the ground and motivation. */
  handler?: string | undefined;
  ground?: Extract<CaseAction, { type: 'decline' }>['ground'] | undefined;
  motivation?: string | undefined;
  /** answer: the reasons of the decision, in the coordinator's words. */
  reasons?: string | undefined;
}

export interface RouteOption {
  route: LetterRoute;
  /** To whom / where, for the person about to send it: "privébericht op X aan @jan", an e-mail address, a postal address. */
  to: string;
}

export interface LetterPreview {
  kind: LetterKind;
  language: LetterLanguage;
  subject: string;
  body: string;
  routes: RouteOption[];
  /** Legally required content missing from the template's text (an entity template's gap, or an empty field). */
  missing: LetterRequirement[];
}

export interface CaseLetter {
  id: number;
  kind: LetterKind;
  language: LetterLanguage;
  subject: string;
  body: string;
  route: LetterRoute;
  recipient: string | null;
  messageId: number | null;
  status: LetterStatus;
  error: string | null;
  createdBy: string;
  createdAt: Date;
  sentAt: Date | null;
}

/** The letter as its template writes it, with the routes it can take: shown to the coordinator to edit before sending. */
export async function previewLetter(runtime: Runtime, caseId: number, input: LetterInput): Promise<LetterPreview> {
  const { found, sender, context } = await letterBasis(runtime, caseId);
  const language = input.language ?? letterLanguage(sender.ticket_lang);
  const facts = letterFacts(found, sender, input, language);
  const { subject, body } = composeLetter(input.kind, language, facts, sender.letters?.templates);
  return { kind: input.kind, language, subject, body, routes: routeOptions(runtime, found, context), missing: letterProblems(input.kind, language, body, facts) };
}

/**
 * Sends a letter as a person wrote it (after the preview): checked for the step it completes and
 * the content the law asks, stored with its ticket message in one transaction, then on its way.
 * The step is taken when the letter is sent (`settleLetterOfMessage`), for a posted letter when a
 * person says it was posted.
 */
export async function sendLetter(
  runtime: Runtime,
  caseId: number,
  letter: LetterInput & { language: LetterLanguage; subject: string; body: string; route: LetterRoute; actor: string },
): Promise<CaseLetter> {
  const { db } = runtime;
  const { found, sender, context } = await letterBasis(runtime, caseId);
  const routes = routeOptions(runtime, found, context);
  const chosen = routes.find((option) => option.route === letter.route);
  if (!chosen) {
    throw unprocessable(
      'no_route',
      routes.length
        ? `this letter cannot go by ${letter.route}; possible: ${routes.map((r) => r.route).join(', ')}`
        : 'the complainant cannot be reached privately: no private message on this channel, no e-mail address, no postal address',
    );
  }
  const facts = letterFacts(found, sender, letter, letter.language);
  const missing = letterProblems(letter.kind, letter.language, letter.body, facts);
  if (missing.length) throw unprocessable('letter_incomplete', `the letter does not say what the law asks: ${missing.join(', ')}`, { missing });
  const outcome = await db.transaction(async (tx) => {
    const row = await lockCase(tx, caseId);
    if (!row) throw notFound(`complaint case ${caseId}`);
    const pending = await openLetter(tx, caseId);
    if (pending) throw conflict(`letter ${pending.id} of this case is still on its way: wait until it is sent, or cancel it`);
    const step = stepOf(letter);
    if (step) {
      const dryRun = applyCaseAction(toSnapshot(row), step, { actor: letter.actor, at: runtime.now(), ...(row.themes ? { themes: row.themes } : {}) });
      if (!dryRun.ok) throw conflict(dryRun.error);
    } else if (!INTERIM_STATES.includes(row.status)) {
      throw conflict(`an interim message is for a case being handled, not one that is ${row.status}`);
    }
    if (letter.kind === 'request_details') {
      // The intake's private question prepared at routing, never approved, would ask the same again.
      await supersedeDraft(tx, { ticketId: found.ticketId, draftKey: intakeDraftKey('private'), actor: letter.actor, reason: 'the request for details went as a letter from the case' });
    }
    let messageId: number;
    let outboxId: number | undefined;
    if (letter.route === 'channel') {
      const queued = await queueReplyIn(tx, { context: context!, text: letter.body, visibility: 'private', actor: letter.actor, idempotencyKey: `letter-${randomUUID()}` });
      ({ messageId, outboxId } = queued);
    } else {
      messageId = await recordLetterMessage(tx, { context: context!, text: letter.route === 'email' ? `${letter.subject}\n\n${letter.body}` : letter.body, route: letter.route, actor: letter.actor });
    }
    const letterId = await insertLetter(tx, {
      complaint_id: caseId,
      kind: letter.kind,
      step: step ?? null,
      language: letter.language,
      subject: letter.subject,
      body: letter.body,
      route: letter.route,
      recipient: chosen.to,
      message_id: messageId,
      status: letter.route === 'post' ? 'to_post' : 'sending',
      created_by: letter.actor,
    });
    if (letter.route === 'email') {
      [outboxId] = await enqueueOutbox(tx, [{ kind: 'letter_mail', idempotencyKey: `letter:${letterId}`, payload: { complaintId: caseId, letterId } }]);
    }
    await recordAudit(tx, { actor: letter.actor, action: 'case.letter_queued', subjectType: 'complaint', subjectId: caseId, details: { letterId, kind: letter.kind, route: letter.route } });
    return { letterId, outboxId };
  });
  if (outcome.outboxId !== undefined) await dispatchCommitted(runtime, [outcome.outboxId], letter.route === 'channel' ? 'reply' : 'route');
  return toLetter((await letterRow(db, caseId, outcome.letterId))!);
}

export async function listLetters(runtime: Runtime, caseId: number): Promise<CaseLetter[]> {
  return (await letterRows(runtime.db, caseId)).map(toLetter);
}

/** A person printed the letter and posted it: it counts as sent now, and its step is taken. */
export async function markLetterPosted(runtime: Runtime, caseId: number, letterId: number, actor: string): Promise<CaseLetter> {
  await runtime.db.transaction(async (tx) => {
    const letter = await lockLetter(tx, caseId, letterId);
    if (!letter) throw notFound(`letter ${letterId} of case ${caseId}`);
    if (letter.status !== 'to_post') throw conflict(`letter ${letterId} is ${letter.status}, not waiting to be posted`);
    await recordAudit(tx, { actor, action: 'case.letter_posted', subjectType: 'complaint', subjectId: caseId, details: { letterId } });
    await markReplySent(tx, Number(letter.message_id), null);
    await settleLetterOfMessage(tx, Number(letter.message_id), { sent: true }, runtime.now());
  });
  return toLetter((await letterRow(runtime.db, caseId, letterId))!);
}

/** A letter that will not go (waiting to be posted, or failed) is cancelled: the case can take another route or step. */
export async function cancelLetter(runtime: Runtime, caseId: number, letterId: number, actor: string): Promise<CaseLetter> {
  await runtime.db.transaction(async (tx) => {
    const letter = await lockLetter(tx, caseId, letterId);
    if (!letter) throw notFound(`letter ${letterId} of case ${caseId}`);
    if (letter.status !== 'to_post' && letter.status !== 'failed') throw conflict(`letter ${letterId} is ${letter.status}: only a letter waiting to be posted or a failed one can be cancelled`);
    await setLetterStatus(tx, letter.id, 'cancelled', letter.error, null);
    if (letter.status === 'to_post' && letter.message_id !== null) await markReplyEnded(tx, Number(letter.message_id), 'failed', 'cancelled: not posted');
    await recordAudit(tx, { actor, action: 'case.letter_cancelled', subjectType: 'complaint', subjectId: caseId, details: { letterId } });
  });
  return toLetter((await letterRow(runtime.db, caseId, letterId))!);
}

/** One letter with what its PDF needs: the sender, the recipient's address, the date in the letter's language. */
export async function letterForPrint(runtime: Runtime, caseId: number, letterId: number) {
  const letter = await letterRow(runtime.db, caseId, letterId);
  if (!letter) throw notFound(`letter ${letterId} of case ${caseId}`);
  if (letter.route !== 'post') throw conflict(`letter ${letterId} goes by ${letter.route}, not on paper`);
  const found = await getCase(runtime.db, caseId, runtime.now());
  const sender = await letterSender(runtime.db, caseId);
  if (!found || !sender) throw notFound(`complaint case ${caseId}`);
  const [name = '', ...addressLines] = (letter.recipient ?? '').split('\n');
  const language = letter.language;
  return {
    sender: { name: sender.entity_name, lines: sender.letters?.senderLines ?? [sender.coordinator_name, sender.coordinator_email].filter((l): l is string => Boolean(l)) },
    recipient: { name, addressLines },
    ...(sender.letters?.place ? { place: sender.letters.place } : {}),
    date: longDate(localDate(letter.created_at, sender.time_zone), language),
    reference: `${REFERENCE[language]}: ${found.id} / ${found.ticketNumber}`,
    subject: letter.subject,
    body: letter.body,
    language,
    title: letter.subject,
  };
}

const REFERENCE: Record<LetterLanguage, string> = { nl: 'Ons kenmerk (dossier / ticket)', fr: 'Notre référence (dossier / ticket)', en: 'Our reference (case / ticket)' };

function toLetter(row: LetterRow): CaseLetter {
  return {
    id: Number(row.id),
    kind: row.kind,
    language: row.language,
    subject: row.subject,
    body: row.body,
    route: row.route,
    recipient: row.recipient,
    messageId: row.message_id === null ? null : Number(row.message_id),
    status: row.status,
    error: row.error,
    createdBy: row.created_by,
    createdAt: row.created_at,
    sentAt: row.sent_at,
  };
}

function stepOf(letter: LetterInput): CaseAction | undefined {
  switch (LETTER_STEP[letter.kind]) {
    case 'request_details':
      return { type: 'request_details' };
    case 'acknowledge':
      return { type: 'acknowledge', handler: letter.handler ?? '' };
    case 'decline':
      return { type: 'decline', ground: letter.ground!, motivation: letter.motivation ?? '' };
    case 'answer':
      return { type: 'answer' };
    default:
      return undefined;
  }
}

async function letterBasis(runtime: Runtime, caseId: number): Promise<{ found: ComplaintCase; sender: LetterSender; context: ReplyContext | undefined }> {
  const found = await getCase(runtime.db, caseId, runtime.now());
  const sender = found && (await letterSender(runtime.db, caseId));
  if (!found || !sender) throw notFound(`complaint case ${caseId}`);
  return { found, sender, context: await loadReplyContext(runtime.db, found.ticketId) };
}

function routeOptions(runtime: Runtime, found: ComplaintCase, context: ReplyContext | undefined): RouteOption[] {
  const { intake } = found.snapshot;
  const inReplyTo = context?.inReplyTo;
  const privateOnChannel = inReplyTo !== undefined && connectorFor(runtime.connectors, found.platform as Platform).replyVisibilities(inReplyTo.kind).includes('private');
  return letterRoutes({ privateOnChannel, email: intake.email, name: intake.name, address: intake.address }).map((route) => ({
    route,
    to:
      route === 'channel'
        ? `${platformName(found.platform)}${found.complainant.handle ? ` @${found.complainant.handle}` : found.complainant.name ? ` ${found.complainant.name}` : ''}`
        : route === 'email'
          ? intake.email!
          : `${intake.name!.trim()}\n${intake.address!.trim()}`,
  }));
}

function letterFacts(found: ComplaintCase, sender: LetterSender, input: LetterInput, language: LetterLanguage): LetterFacts {
  const s = found.snapshot;
  const name = s.intake.name ?? sender.contact_name ?? undefined;
  const handler = input.handler ?? s.handler;
  const ground = input.ground ?? s.declineGround;
  const motivation = input.motivation ?? s.declineMotivation;
  return {
    entityName: sender.entity_name,
    caseId: found.id,
    ticketNumber: found.ticketNumber,
    ...(name ? { complainantName: name } : {}),
    ...(sender.coordinator_name ? { coordinatorName: sender.coordinator_name } : {}),
    receivedOn: longDate(found.deadlines.receivedOn, language),
    answerBy: longDate(found.deadlines.answerBy, language),
    ...(handler ? { handler } : {}),
    ...(ground ? { ground } : {}),
    ...(motivation ? { motivation } : {}),
    ...(s.outcome ? { outcome: s.outcome } : {}),
    ...(s.resolution ? { resolution: s.resolution } : {}),
    ...(input.reasons ? { reasons: input.reasons } : {}),
    formUrl: sender.form_url ?? FLEMISH_COMPLAINT_PAGE,
  };
}

const LOCALES: Record<LetterLanguage, string> = { nl: 'nl-BE', fr: 'fr-BE', en: 'en-GB' };

/** "19 januari 2027" / "19 janvier 2027" / "19 January 2027" for a calendar day (YYYY-MM-DD). */
export function longDate(day: string, language: LetterLanguage): string {
  return new Intl.DateTimeFormat(LOCALES[language], { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${day}T00:00:00Z`));
}

/**
 * A step that speaks to the citizen, taken without a letter from the app because it went out another
 * way (a letter typed elsewhere, a phone call): the person says how, and the history keeps it.
 */
export async function performStepSentElsewhere(runtime: Runtime, caseId: number, step: CaseAction, how: string, actor: string): Promise<CaseActionOutcome> {
  return runtime.db.transaction(async (tx) => {
    const outcome = await performCaseActionIn(tx, caseId, step, actor, runtime.now());
    if (outcome.ok) await recordAudit(tx, { actor, action: 'case.sent_elsewhere', subjectType: 'complaint', subjectId: caseId, details: { step: step.type, why: how } });
    return outcome;
  });
}
