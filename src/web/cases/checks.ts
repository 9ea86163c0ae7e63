/**
 * The procedure's rules the screen can check before sending a step, so a refusal is said in the
 * user's words and names the person or field (the API refuses the same steps, with a code only).
 * Mirrors the checks of src/complaints/procedure.ts; the API stays the judge.
 */
import type { CaseActionBody, CaseSnapshot } from '../api/index.js';
import type { Dictionary } from '../i18n.js';

type Body = CaseActionBody | { type: 'withdraw'; why: string; category: string };

const REQUIRED_INTAKE = ['name', 'address', 'facts'] as const;

/** Why this step cannot be taken on this case, in words; undefined when nothing speaks against it. */
export function caseStepProblem(t: Dictionary, snapshot: CaseSnapshot, body: Body): string | undefined {
  const words = t.admin.caseProblems;
  const filled = (value: string | null | undefined) => typeof value === 'string' && value.trim() !== '';
  switch (body.type) {
    case 'acknowledge':
    case 'assign_handler': {
      const handler = body.handler.trim();
      if (!handler) return words.nameHandler;
      if (body.type === 'acknowledge') {
        const missing = REQUIRED_INTAKE.filter((field) => !filled(snapshot.intake[field]));
        if (missing.length) return words.intakeMissing(missing.map((field) => t.admin.intakeFields[field]!.toLowerCase()).join(', '));
      }
      if (snapshot.involvedStaff.includes(handler)) return words.handlerInvolved(handler);
      if (body.type === 'assign_handler' && handler === snapshot.handler) return words.alreadyHandler(handler);
      return undefined;
    }
    case 'mark_involved': {
      if (body.staff.length === 0) return words.nameStaff;
      if (snapshot.handler && body.staff.includes(snapshot.handler)) return words.handlerCannotBeInvolved(snapshot.handler);
      return undefined;
    }
    case 'start_investigation':
      return snapshot.handler ? undefined : words.needHandler;
    case 'decline':
      if (!filled(body.motivation)) return words.needMotivation;
      if (body.ground === 'anonymous' && filled(snapshot.intake.name) && filled(snapshot.intake.address)) return words.notAnonymous;
      return undefined;
    case 'decide':
      if (body.outcome !== 'unfounded' && body.ombudsNorms.length === 0) return words.needNorms;
      if (body.outcome === 'unfounded' && body.ombudsNorms.length > 0) return words.noNorms;
      return undefined;
    case 'escalate':
      if (snapshot.escalatedAt) return words.alreadyEscalated;
      return filled(body.why) ? undefined : words.needWhy;
    case 'withdraw':
      return filled(body.why) ? undefined : words.needWhy;
    case 'details_received':
      return Object.values(body.details).some((value) => filled(value)) ? undefined : words.noDetails;
    default:
      return undefined;
  }
}
