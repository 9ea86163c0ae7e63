import type { DeadlineAlert } from './deadlines.js';
import { dutchDate, type MailMessage } from './coordinator-mail.js';

export interface DigestLine extends DeadlineAlert {
  ticketNumber: number;
  caseUrl: string;
}

/**
 * The coordinator's daily overview: what falls due in the next 3 days and what is overdue. `day` and
 * the due dates are calendar days in the entity's time zone; the mail writes them in Dutch.
 */
export function composeDigestMail(digest: { entityName: string; coordinatorName: string | null; coordinatorEmail: string; day: string; lines: DigestLine[] }): MailMessage {
  const term = (line: DigestLine) => (line.term === 'acknowledge' ? 'ontvangstmelding (10 d) / acknowledgement' : 'antwoord (45 d) / answer');
  const describe = (line: DigestLine) =>
    line.status === 'overdue'
      ? `#${line.ticketNumber}: ${term(line)} te laat sinds / overdue since ${dutchDate(line.dueOn)} (${-line.daysLeft} d) — ${line.caseUrl}`
      : `#${line.ticketNumber}: ${term(line)} uiterlijk / due ${dutchDate(line.dueOn)} (${line.daysLeft} d) — ${line.caseUrl}`;
  const overdue = digest.lines.filter((l) => l.status === 'overdue');
  const soon = digest.lines.filter((l) => l.status === 'due_soon');
  const text = [
    `Beste ${digest.coordinatorName ?? 'klachtencoördinator'},`,
    '',
    `Overzicht klachten ${digest.entityName} op ${dutchDate(digest.day)} / complaints overview.`,
    '',
    `Te laat / overdue (${overdue.length}):`,
    ...(overdue.length ? overdue.map(describe) : ['—']),
    '',
    `Binnen 3 dagen / due within 3 days (${soon.length}):`,
    ...(soon.length ? soon.map(describe) : ['—']),
  ].join('\n');
  return {
    to: digest.coordinatorEmail,
    subject: `[Klachten] ${digest.entityName}: ${overdue.length} te laat, ${soon.length} binnenkort (${dutchDate(digest.day)})`,
    text,
    messageId: `<digest-${digest.entityName.replace(/[^a-z0-9]/gi, '')}-${digest.day}@social-inbox>`,
    headers: {},
  };
}
