import {
  allowedActions,
  applyCaseAction,
  CASE_STATES,
  DECLINE_GROUNDS,
  isIntakeComplete,
  missingIntake,
  OMBUDS_NORMS,
  openCase,
  OUTCOMES,
  RESOLUTIONS,
  type CaseAction,
  type CaseAudit,
  type CaseResult,
  type CaseSnapshot,
  type CaseState,
} from '../../src/complaints/procedure.js';

const at = new Date('2025-03-10T09:15:00Z');
const ctx = { actor: 'coordinator@de-lijn.be', at };
const complete = { name: 'An Peeters', address: 'Kerkstraat 1, 2000 Antwerpen', facts: 'Bus 17 reed door aan de halte.' };

const ALL_STATES: CaseState[] = [
  'received',
  'intake_incomplete',
  'admissibility_check',
  'declined',
  'acknowledged',
  'in_investigation',
  'resolved_by_agreement',
  'decided',
  'answered',
  'closed',
  'withdrawn',
];
const BEFORE: CaseState[] = ['received', 'intake_incomplete', 'admissibility_check'];

/** A case in any state with everything a valid action needs: complete intake, a handler, someone involved. */
function caseIn(state: CaseState, extra: Partial<CaseSnapshot> = {}): CaseSnapshot {
  return { state, intake: { ...complete }, handler: 'Hanne', involvedStaff: ['Piet'], ombudsNorms: [], ...extra };
}

function ok(result: CaseResult) {
  if (!result.ok) throw new Error(`expected success, got: ${result.error}`);
  return result;
}

function error(result: CaseResult): string {
  if (result.ok) throw new Error(`expected a refusal, got state ${result.next.state}`);
  return result.error;
}

// The transition table, written out independently of the implementation's own table.
const VALID_ACTIONS: Array<[CaseAction, CaseState[], CaseState | 'same']> = [
  [{ type: 'request_details' }, BEFORE, 'intake_incomplete'],
  [{ type: 'details_received', details: { email: 'an@example.be' } }, BEFORE, 'admissibility_check'],
  [{ type: 'decline', ground: 'manifestly_unfounded', motivation: 'De bus reed volgens de rittenlijst op tijd.' }, BEFORE, 'declined'],
  [{ type: 'acknowledge', handler: 'Hanne' }, ['admissibility_check'], 'acknowledged'],
  [
    { type: 'assign_handler', handler: 'Ingrid' },
    ['received', 'intake_incomplete', 'admissibility_check', 'acknowledged', 'in_investigation', 'resolved_by_agreement', 'decided'],
    'same',
  ],
  [{ type: 'mark_involved', staff: ['Jan'] }, ALL_STATES.filter((s) => s !== 'closed' && s !== 'withdrawn'), 'same'],
  [{ type: 'start_investigation' }, ['acknowledged'], 'in_investigation'],
  [{ type: 'resolve_by_agreement', resolution: 'resolved' }, ['acknowledged', 'in_investigation'], 'resolved_by_agreement'],
  [{ type: 'decide', outcome: 'founded', resolution: 'resolved', ombudsNorms: ['active_service'] }, ['in_investigation'], 'decided'],
  [{ type: 'answer' }, ['decided', 'resolved_by_agreement'], 'answered'],
  [{ type: 'close' }, ['answered', 'declined'], 'closed'],
  [{ type: 'escalate', why: 'De burger stapte naar de Vlaamse Ombudsdienst.' }, ALL_STATES, 'same'],
  [{ type: 'withdraw', why: 'Het bleek een vraag om informatie.' }, BEFORE, 'withdrawn'],
];

describe('closed lists', () => {
  test('every list has unique codes and both a Dutch and an English label', () => {
    for (const list of [CASE_STATES, DECLINE_GROUNDS, OUTCOMES, RESOLUTIONS, OMBUDS_NORMS]) {
      const codes = list.map((item) => item.code);
      expect(new Set(codes).size).toBe(codes.length);
      for (const item of list) {
        expect(item.nl.trim()).not.toBe('');
        expect(item.en.trim()).not.toBe('');
      }
    }
  });

  test('the lists hold what the decree and the Ombudsdienst name', () => {
    expect(CASE_STATES.map((s) => s.code)).toEqual(ALL_STATES);
    expect(DECLINE_GROUNDS.map((g) => g.code)).toEqual([
      'no_interest',
      'manifestly_unfounded',
      'manifestly_unreasonable',
      'already_handled',
      'facts_older_than_one_year',
      'appeal_not_used_or_court_case',
      'anonymous',
      'policy_or_legislation',
      'not_competent',
    ]);
    expect(OUTCOMES.map((o) => o.nl)).toEqual(['gegrond', 'deels gegrond', 'ongegrond']);
    expect(RESOLUTIONS.map((r) => r.nl)).toEqual(['opgelost', 'deels opgelost', 'niet opgelost']);
    expect(OMBUDS_NORMS).toHaveLength(15);
    expect(OMBUDS_NORMS[0]!.nl).toBe('overeenstemming met het recht');
    expect(OMBUDS_NORMS.map((n) => n.nl)).toContain('redelijke behandeltermijn');
  });
});

describe('transition table', () => {
  for (const [action, from, to] of VALID_ACTIONS) {
    for (const state of ALL_STATES) {
      const allowed = from.includes(state);
      test(`${action.type} from ${state} is ${allowed ? 'allowed' : 'refused'}`, () => {
        const result = applyCaseAction(caseIn(state), action, ctx);
        if (allowed) {
          const { next, audit } = ok(result);
          expect(next.state).toBe(to === 'same' ? state : to);
          expect(audit).toMatchObject({ action: action.type, actor: ctx.actor, at, from: state, to: next.state });
        } else {
          expect(error(result)).toMatch(new RegExp(`^Cannot ${action.type.replace(/_/g, ' ')} a case that is`));
        }
      });
    }
  }

  test('allowedActions lists exactly the allowed actions of a state', () => {
    for (const state of ALL_STATES) {
      const expected = VALID_ACTIONS.filter(([, from]) => from.includes(state)).map(([a]) => a.type);
      expect(allowedActions(caseIn(state)).sort()).toEqual(expected.sort());
    }
  });

  test('an unknown action or a missing actor is refused', () => {
    expect(error(applyCaseAction(openCase(), { type: 'reopen' } as unknown as CaseAction, ctx))).toBe('"reopen" is not a case action.');
    expect(error(applyCaseAction(openCase(), { type: 'toString' } as unknown as CaseAction, ctx))).toMatch(/not a case action/);
    expect(error(applyCaseAction(openCase(), { type: 'request_details' }, { actor: ' ', at }))).toMatch(/name of the person/);
    expect(error(applyCaseAction(openCase(), { type: 'request_details' }, { actor: 'x', at: new Date('nope') }))).toMatch(/not a valid date/);
  });
});

describe('intake', () => {
  test('name, address and facts make an intake complete; e-mail is welcome but not required', () => {
    expect(isIntakeComplete(complete)).toBe(true);
    expect(missingIntake({})).toEqual(['name', 'address', 'facts']);
    expect(missingIntake({ name: 'An', address: '  ', email: 'an@example.be' })).toEqual(['address', 'facts']);
  });

  test('details are merged step by step until the intake is complete', () => {
    let snapshot = openCase();
    const asked = ok(applyCaseAction(snapshot, { type: 'request_details' }, ctx));
    expect(asked.next.state).toBe('intake_incomplete');
    expect(asked.audit.details).toEqual({ missing: ['name', 'address', 'facts'] });
    snapshot = asked.next;

    const first = ok(applyCaseAction(snapshot, { type: 'details_received', details: { name: '  An Peeters ', facts: 'Bus reed door.', address: '' } }, ctx));
    expect(first.next.state).toBe('intake_incomplete');
    expect(first.next.intake).toEqual({ name: 'An Peeters', facts: 'Bus reed door.' });
    expect(first.audit.details).toEqual({ received: ['name', 'facts'], missing: ['address'] });

    const second = ok(applyCaseAction(first.next, { type: 'details_received', details: { address: 'Kerkstraat 1, 2000 Antwerpen', email: 'an@example.be' } }, ctx));
    expect(second.next.state).toBe('admissibility_check');
    expect(second.next.intake).toEqual({ name: 'An Peeters', facts: 'Bus reed door.', address: 'Kerkstraat 1, 2000 Antwerpen', email: 'an@example.be' });
    expect(second.audit).toMatchObject({ from: 'intake_incomplete', to: 'admissibility_check', details: { missing: [] } });
  });

  test('all details at once go straight to the admissibility check; a complete case asked again goes back', () => {
    const all = ok(applyCaseAction(openCase(), { type: 'details_received', details: complete }, ctx));
    expect(all.next.state).toBe('admissibility_check');
    const back = ok(applyCaseAction(all.next, { type: 'request_details' }, ctx));
    expect(back.next.state).toBe('intake_incomplete');
  });

  test('details without any value are refused', () => {
    expect(error(applyCaseAction(openCase(), { type: 'details_received', details: { name: ' ', email: '' } }, ctx))).toMatch(/None of the received details/);
  });
});

describe('declining', () => {
  test('an anonymous post that never completes is declined as anonymous, then closed', () => {
    const asked = ok(applyCaseAction(openCase(), { type: 'request_details' }, ctx)).next;
    const declined = ok(applyCaseAction(asked, { type: 'decline', ground: 'anonymous', motivation: '  Geen naam of adres ontvangen. ' }, ctx));
    expect(declined.next).toMatchObject({ state: 'declined', declineGround: 'anonymous', declineMotivation: 'Geen naam of adres ontvangen.', declinedAt: at });
    expect(declined.audit).toMatchObject({ action: 'decline', why: 'Geen naam of adres ontvangen.', details: { ground: 'anonymous' } });
    const closedAt = new Date('2025-03-11T08:00:00Z');
    const closed = ok(applyCaseAction(declined.next, { type: 'close' }, { actor: 'x', at: closedAt }));
    expect(closed.next).toMatchObject({ state: 'closed', closedAt });
  });

  test('a decline needs a motivation and a ground from the closed list', () => {
    const c = caseIn('admissibility_check');
    expect(error(applyCaseAction(c, { type: 'decline', ground: 'not_competent', motivation: '   ' }, ctx))).toMatch(/needs a motivation/);
    expect(error(applyCaseAction(c, { type: 'decline', ground: 'too_busy', motivation: 'x' } as unknown as CaseAction, ctx))).toMatch(
      /"too_busy" is not a ground.*no_interest, manifestly_unfounded/,
    );
  });

  test('a complainant whose name and address are known is not anonymous', () => {
    expect(error(applyCaseAction(caseIn('admissibility_check'), { type: 'decline', ground: 'anonymous', motivation: 'x' }, ctx))).toMatch(/cannot be declined as anonymous/);
    const nameOnly = caseIn('intake_incomplete', { intake: { name: 'An' } });
    expect(ok(applyCaseAction(nameOnly, { type: 'decline', ground: 'anonymous', motivation: 'Geen adres.' }, ctx)).next.state).toBe('declined');
  });

  test('every ground of the list can be used', () => {
    for (const ground of DECLINE_GROUNDS) {
      const c = ground.code === 'anonymous' ? caseIn('received', { intake: {} }) : caseIn('received');
      expect(ok(applyCaseAction(c, { type: 'decline', ground: ground.code, motivation: 'Gemotiveerd.' }, ctx)).next.declineGround).toBe(ground.code);
    }
  });
});

describe('the complaint handler', () => {
  test('is set by the acknowledgement, with its date', () => {
    const result = ok(applyCaseAction(caseIn('admissibility_check', { handler: undefined }), { type: 'acknowledge', handler: ' Hanne ' }, ctx));
    expect(result.next).toMatchObject({ state: 'acknowledged', handler: 'Hanne', acknowledgedAt: at });
    expect(result.audit.details).toEqual({ handler: 'Hanne' });
  });

  test('is never someone involved in the facts', () => {
    expect(error(applyCaseAction(caseIn('admissibility_check'), { type: 'acknowledge', handler: 'Piet' }, ctx))).toBe(
      'Piet is involved in the facts of this complaint and cannot handle it; choose another complaint handler.',
    );
    expect(error(applyCaseAction(caseIn('in_investigation'), { type: 'assign_handler', handler: 'Piet' }, ctx))).toMatch(/Piet is involved in the facts/);
  });

  test('who becomes involved must first be replaced as handler', () => {
    const c = caseIn('in_investigation');
    expect(error(applyCaseAction(c, { type: 'mark_involved', staff: ['Jan', 'Hanne'] }, ctx))).toBe(
      'Hanne handles this complaint and cannot be involved in the facts: assign another complaint handler first, then mark Hanne as involved.',
    );
    const reassigned = ok(applyCaseAction(c, { type: 'assign_handler', handler: 'Ingrid' }, ctx));
    expect(reassigned.next.handler).toBe('Ingrid');
    expect(reassigned.audit.details).toEqual({ handler: 'Ingrid', previous: 'Hanne' });
    const marked = ok(applyCaseAction(reassigned.next, { type: 'mark_involved', staff: ['Jan', 'Hanne', 'Jan', 'Piet'] }, ctx));
    expect(marked.next.involvedStaff).toEqual(['Piet', 'Jan', 'Hanne']);
    expect(marked.audit.details).toEqual({ added: ['Jan', 'Hanne'] });
  });

  test('an empty handler, an empty staff list and the same handler again are refused', () => {
    expect(error(applyCaseAction(caseIn('admissibility_check'), { type: 'acknowledge', handler: '' }, ctx))).toBe('Name the complaint handler.');
    expect(error(applyCaseAction(caseIn('acknowledged'), { type: 'mark_involved', staff: [' '] }, ctx))).toMatch(/at least one staff member/);
    expect(error(applyCaseAction(caseIn('acknowledged'), { type: 'assign_handler', handler: 'Hanne' }, ctx))).toMatch(/already the complaint handler/);
  });

  test('no acknowledgement while details are missing, and no investigation without a handler', () => {
    const incomplete = caseIn('admissibility_check', { intake: { name: 'An', address: 'Kerkstraat 1' } });
    expect(error(applyCaseAction(incomplete, { type: 'acknowledge', handler: 'Hanne' }, ctx))).toBe(
      'The complaint cannot be acknowledged while details are missing: facts.',
    );
    expect(error(applyCaseAction(caseIn('acknowledged', { handler: undefined }), { type: 'start_investigation' }, ctx))).toMatch(/Assign a complaint handler/);
  });
});

describe('decision', () => {
  const investigating = caseIn('in_investigation');

  test('records outcome, resolution, norms and theme, with its date', () => {
    const result = ok(
      applyCaseAction(
        investigating,
        { type: 'decide', outcome: 'partly_founded', resolution: 'partly_resolved', ombudsNorms: ['reasonable_time', 'proper_correspondence', 'reasonable_time'], theme: ' Dienstregeling ' },
        { ...ctx, themes: ['Dienstregeling', 'Personeel'] },
      ),
    );
    expect(result.next).toMatchObject({
      state: 'decided',
      outcome: 'partly_founded',
      resolution: 'partly_resolved',
      ombudsNorms: ['reasonable_time', 'proper_correspondence'],
      theme: 'Dienstregeling',
      decidedAt: at,
    });
    expect(result.audit.details).toEqual({
      outcome: 'partly_founded',
      resolution: 'partly_resolved',
      ombudsNorms: ['reasonable_time', 'proper_correspondence'],
      theme: 'Dienstregeling',
    });
  });

  test.each([
    [{ outcome: 'gegrond', resolution: 'resolved', ombudsNorms: ['active_service'] }, /"gegrond" is not an outcome/],
    [{ outcome: 'founded', resolution: 'fixed', ombudsNorms: ['active_service'] }, /"fixed" is not a resolution/],
    [{ outcome: 'founded', resolution: 'resolved', ombudsNorms: ['kindness'] }, /Unknown ombudsman norm\(s\): kindness/],
    [{ outcome: 'founded', resolution: 'resolved', ombudsNorms: [] }, /needs at least one ombudsman norm/],
    [{ outcome: 'unfounded', resolution: 'not_resolved', ombudsNorms: ['active_service'] }, /leave the norms empty/],
    [{ outcome: 'founded', resolution: 'resolved', ombudsNorms: ['active_service'], theme: ' ' }, /The theme is empty/],
    [{ outcome: 'founded', resolution: 'resolved', ombudsNorms: ['active_service'], theme: 'Parking' }, /"Parking" is not one of the entity's themes/],
  ])('%j is refused', (fields, message) => {
    const action = { type: 'decide', ...fields } as unknown as CaseAction;
    expect(error(applyCaseAction(investigating, action, { ...ctx, themes: ['Dienstregeling'] }))).toMatch(message);
  });

  test('an unfounded complaint has no norms; without an entity list any theme is free text', () => {
    const result = ok(applyCaseAction(investigating, { type: 'decide', outcome: 'unfounded', resolution: 'resolved', ombudsNorms: [], theme: 'Parking' }, ctx));
    expect(result.next).toMatchObject({ outcome: 'unfounded', ombudsNorms: [], theme: 'Parking' });
  });

  test('resolution by agreement is validated and needs no outcome', () => {
    const result = ok(applyCaseAction(caseIn('acknowledged'), { type: 'resolve_by_agreement', resolution: 'resolved' }, ctx));
    expect(result.next).toMatchObject({ state: 'resolved_by_agreement', resolution: 'resolved' });
    expect(result.next.outcome).toBeUndefined();
    expect(error(applyCaseAction(caseIn('acknowledged'), { type: 'resolve_by_agreement', resolution: 'opgelost' } as unknown as CaseAction, ctx))).toMatch(
      /"opgelost" is not a resolution/,
    );
  });
});

describe('whole procedure', () => {
  test('from a social post to a closed, later escalated case, with one audit record per step', () => {
    const steps: Array<[CaseAction, CaseState]> = [
      [{ type: 'request_details' }, 'intake_incomplete'],
      [{ type: 'details_received', details: complete }, 'admissibility_check'],
      [{ type: 'mark_involved', staff: ['Chauffeur 4411'] }, 'admissibility_check'],
      [{ type: 'acknowledge', handler: 'Hanne' }, 'acknowledged'],
      [{ type: 'start_investigation' }, 'in_investigation'],
      [{ type: 'decide', outcome: 'founded', resolution: 'resolved', ombudsNorms: ['courteous_treatment'] }, 'decided'],
      [{ type: 'answer' }, 'answered'],
      [{ type: 'close' }, 'closed'],
      [{ type: 'escalate', why: 'De burger is het niet eens met het antwoord.' }, 'closed'],
    ];
    let snapshot = openCase();
    const audits: CaseAudit[] = [];
    steps.forEach(([action, expected], day) => {
      const when = new Date(Date.UTC(2025, 2, 1 + day, 10));
      const result = ok(applyCaseAction(snapshot, action, { actor: `user${day}`, at: when }));
      expect(result.next.state).toBe(expected);
      expect(result.audit.actor).toBe(`user${day}`);
      expect(result.audit.at).toEqual(when);
      audits.push(result.audit);
      snapshot = result.next;
    });
    expect(audits).toHaveLength(steps.length);
    expect(snapshot).toMatchObject({
      acknowledgedAt: new Date(Date.UTC(2025, 2, 4, 10)),
      decidedAt: new Date(Date.UTC(2025, 2, 6, 10)),
      answeredAt: new Date(Date.UTC(2025, 2, 7, 10)),
      closedAt: new Date(Date.UTC(2025, 2, 8, 10)),
      escalatedAt: new Date(Date.UTC(2025, 2, 9, 10)),
      involvedStaff: ['Chauffeur 4411'],
    });
    expect(audits.at(-1)).toMatchObject({ action: 'escalate', from: 'closed', to: 'closed', why: 'De burger is het niet eens met het antwoord.' });
  });

  test('escalation is recorded once, with a reason', () => {
    const escalated = ok(applyCaseAction(caseIn('in_investigation'), { type: 'escalate', why: 'Ombudsdienst vroeg info.' }, ctx));
    expect(escalated.next).toMatchObject({ state: 'in_investigation', escalatedAt: at });
    expect(error(applyCaseAction(escalated.next, { type: 'escalate', why: 'nog eens' }, ctx))).toBe(
      'This case was already escalated to the Vlaamse Ombudsdienst on 2025-03-10T09:15:00.000Z.',
    );
    expect(error(applyCaseAction(caseIn('received'), { type: 'escalate', why: '' }, ctx))).toMatch(/Say why the case goes/);
  });

  test('withdrawing needs a reason and records it', () => {
    expect(error(applyCaseAction(openCase(), { type: 'withdraw', why: ' ' }, ctx))).toBe('Say why this is not a complaint after all.');
    const withdrawn = ok(applyCaseAction(openCase(), { type: 'withdraw', why: 'Vraag om informatie.' }, ctx));
    expect(withdrawn.audit).toMatchObject({ action: 'withdraw', from: 'received', to: 'withdrawn', why: 'Vraag om informatie.' });
  });

  test('the given snapshot is never changed', () => {
    const before = caseIn('in_investigation');
    const frozen = Object.freeze({ ...before, intake: Object.freeze({ ...before.intake }), involvedStaff: Object.freeze([...before.involvedStaff]) });
    const copy = structuredClone(before);
    ok(applyCaseAction(frozen as CaseSnapshot, { type: 'mark_involved', staff: ['Jan'] }, ctx));
    ok(applyCaseAction(frozen as CaseSnapshot, { type: 'decide', outcome: 'founded', resolution: 'resolved', ombudsNorms: ['active_service'] }, ctx));
    expect(frozen).toEqual(copy);
  });

  test('refusals name the state and where the action is possible', () => {
    expect(error(applyCaseAction(openCase(), { type: 'answer' }, ctx))).toBe(
      'Cannot answer a case that is received; this is possible only when it is decided, resolved by agreement.',
    );
  });
});
