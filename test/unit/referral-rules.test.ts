import { complaintMoves, complaintRoutedAgain, referralLanguage, referralProblem, referralReplyText } from '../../src/referrals/rules.js';

const facts = { fromEntity: 'vlaanderen-be', toEntity: 'de-lijn', status: 'open', mergedInto: null, complaint: null };

test('the reply to the citizen says where the question went, in their language, Dutch otherwise', () => {
  expect(referralReplyText(referralLanguage('nl'), 'De Lijn')).toContain('we hebben uw vraag doorgegeven aan De Lijn');
  expect(referralReplyText(referralLanguage('fr'), 'De Lijn')).toContain('nous avons transmis votre question à De Lijn');
  expect(referralReplyText(referralLanguage('en'), 'De Lijn')).toContain('we have passed your question to De Lijn');
  expect(referralLanguage('de')).toBe('nl');
  expect(referralLanguage(null)).toBe('nl');
  expect(referralLanguage('EN-gb')).toBe('en');
});

test('the template fits in one X post even for a long entity name', () => {
  for (const language of ['nl', 'fr', 'en'] as const) {
    expect(referralReplyText(language, 'Agentschap Innoveren en Ondernemen').length).toBeLessThanOrEqual(280);
  }
});

test('a ticket is referred to another entity, not to its own, not when closed or merged', () => {
  expect(referralProblem(facts)).toBeUndefined();
  expect(referralProblem({ ...facts, toEntity: 'vlaanderen-be' })?.code).toBe('same_entity');
  expect(referralProblem({ ...facts, status: 'closed' })?.code).toBe('ticket_closed');
  expect(referralProblem({ ...facts, mergedInto: 12 })?.code).toBe('ticket_merged');
  // resolved is fine: the citizen's question may have been closed off too early
  expect(referralProblem({ ...facts, status: 'resolved' })).toBeUndefined();
});

test('a complaint case moves with its ticket until a coordinator takes it on', () => {
  for (const state of ['received', 'intake_incomplete', 'admissibility_check']) {
    expect(referralProblem({ ...facts, complaint: { state, withdrawn: false } })).toBeUndefined();
    expect(complaintMoves({ state, withdrawn: false })).toBe(true);
  }
  for (const state of ['acknowledged', 'in_investigation', 'decided', 'answered', 'declined', 'closed']) {
    expect(referralProblem({ ...facts, complaint: { state, withdrawn: false } })?.code).toBe('complaint_in_procedure');
  }
  // withdrawn (not a complaint): moves along so the case stays with its ticket, but is not routed again
  expect(complaintMoves({ state: 'withdrawn', withdrawn: true })).toBe(true);
  expect(complaintRoutedAgain({ withdrawn: true })).toBe(false);
  expect(complaintRoutedAgain({ withdrawn: false })).toBe(true);
  expect(complaintRoutedAgain(null)).toBe(false);
});
