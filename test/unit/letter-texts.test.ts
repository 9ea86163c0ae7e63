import { letterRoutes } from '../../src/complaints/letter-delivery.js';
import { composeLetter, LETTER_KINDS, letterProblems, letterTemplateProblems, OMBUDSDIENST, type LetterFacts } from '../../src/complaints/letter-texts.js';
import { entitySchema } from '../../src/config/schema.js';

const FACTS: LetterFacts = {
  entityName: 'De Lijn',
  caseId: 12,
  ticketNumber: 1042,
  complainantName: 'Jan Peeters',
  coordinatorName: 'Klachtendienst De Lijn',
  receivedOn: '5 december 2026',
  answerBy: '19 januari 2027',
  handler: 'Els Janssens',
  ground: 'already_handled',
  motivation: 'Uw klacht werd op 2 november beantwoord.',
  outcome: 'partly_founded',
  resolution: 'partly_resolved',
  reasons: 'De bus reed te vroeg; de dienstregeling wordt aangepast.',
  formUrl: 'https://www.delijn.be/klacht',
};

describe('the letters the procedure sends', () => {
  test.each(['nl', 'fr', 'en'] as const)('every kind in %s says what the law asks, with the salutation and the closing', (language) => {
    for (const kind of LETTER_KINDS) {
      const { subject, body } = composeLetter(kind, language, FACTS);
      expect(subject).not.toMatch(/\{\w+\}/);
      expect(body).not.toMatch(/\{\w+\}/);
      expect(body).toContain('Klachtendienst De Lijn\nDe Lijn');
      expect(letterProblems(kind, language, body, FACTS)).toEqual([]);
    }
  });

  test('the acknowledgement names the handler and the term; the answer the decision, its reasons and the Ombudsdienst', () => {
    const ack = composeLetter('acknowledgement', 'nl', FACTS).body;
    expect(ack).toContain('Beste Jan Peeters,');
    expect(ack).toContain('Els Janssens behandelt uw klacht. U krijgt uiterlijk op 19 januari 2027 een antwoord.');
    const answer = composeLetter('answer', 'en', FACTS).body;
    expect(answer).toContain('Our decision: your complaint is partly founded; the problem has been partly resolved.');
    expect(answer).toContain(FACTS.reasons);
    expect(answer).toContain(OMBUDSDIENST.phone);
    expect(answer).toContain(OMBUDSDIENST.website);
    const refusal = composeLetter('refusal', 'fr', FACTS).body;
    expect(refusal).toContain('Motif : déjà traitée auparavant.');
    expect(refusal).toContain(FACTS.motivation);
  });

  test('an edit that drops the required content is found; so is an answer without reasons', () => {
    expect(letterProblems('acknowledgement', 'nl', 'Wij hebben uw klacht ontvangen.', FACTS)).toEqual(['handler', 'answer_term']);
    expect(letterProblems('refusal', 'nl', 'We behandelen dit niet.', FACTS)).toEqual(['ground', 'motivation']);
    const noReasons: LetterFacts = { ...FACTS };
    delete noReasons.reasons;
    const body = composeLetter('answer', 'nl', noReasons).body;
    expect(letterProblems('answer', 'nl', body, noReasons)).toEqual(['reasons']);
    expect(letterProblems('answer', 'nl', body.replace(/Bent u het niet eens[\s\S]*$/, ''), FACTS)).toEqual(['reasons', 'ombudsdienst']);
    expect(letterProblems('interim', 'nl', '   ', FACTS)).toEqual(['body']);
    // Resolved by agreement: no outcome, the resolution is the decision.
    const agreed: LetterFacts = { ...FACTS };
    delete agreed.outcome;
    expect(letterProblems('answer', 'nl', composeLetter('answer', 'nl', agreed).body, agreed)).toEqual([]);
  });

  test('an entity’s own template replaces the default, and must keep the required placeholders', () => {
    const own = { nl: { acknowledgement: { subject: 'Uw klacht {caseNumber}', body: 'Wij hebben uw klacht goed ontvangen. {handler} antwoordt u tegen {answerBy}.' } } };
    const letter = composeLetter('acknowledgement', 'nl', FACTS, own);
    expect(letter.subject).toBe('Uw klacht 12');
    expect(letter.body).toContain('Els Janssens antwoordt u tegen 19 januari 2027.');
    expect(letterTemplateProblems(own)).toEqual([]);
    expect(letterTemplateProblems({ fr: { answer: { body: 'Votre plainte est {decision}. {reasons} {unknown}' } } })).toEqual([
      'fr.answer.body: unknown placeholder {unknown}',
      'fr.answer.body must contain {ombudsBlock} or {ombudsdienst}',
    ]);
    // The configuration file refuses such a template when it is loaded.
    const parsed = entitySchema.safeParse({ id: 'lijn', name: 'De Lijn', letters: { templates: { nl: { acknowledgement: { body: 'Bedankt.' } } } } });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((issue) => issue.message)).toEqual(['nl.acknowledgement.body must contain {handler}', 'nl.acknowledgement.body must contain {answerBy}']);
  });

  test('the way a letter goes: privately on the channel, else e-mail, else post; nothing without a way', () => {
    expect(letterRoutes({ privateOnChannel: true, email: 'a@b.be', name: 'A', address: 'Straat 1, 1000 Brussel' })).toEqual(['channel', 'email', 'post']);
    expect(letterRoutes({ privateOnChannel: false, email: 'a@b.be' })).toEqual(['email']);
    expect(letterRoutes({ privateOnChannel: false, name: 'A', address: ' ' })).toEqual([]);
    expect(letterRoutes({ privateOnChannel: false, name: 'A', address: 'Straat 1, 1000 Brussel' })).toEqual(['post']);
  });
});
