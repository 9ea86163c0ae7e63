import {
  asksForPersonalDetails,
  FLEMISH_COMPLAINT_PAGE,
  intakeLanguage,
  intakeMessages,
  intakePolicyProblems,
  type IntakePolicy,
} from '../../src/complaints/intake-texts.js';

const FORM = 'https://www.delijn.be/klacht';
const askDetails: IntakePolicy = { mode: 'ask_details', entityName: 'De Lijn', formUrl: FORM };
const pointToForm: IntakePolicy = { mode: 'point_to_form', entityName: 'VDAB', formUrl: 'https://www.vdab.be/klachten' };
const noForm: IntakePolicy = { mode: 'ask_details', entityName: 'Agentschap Wegen en Verkeer' };
const LANGUAGES = ['nl', 'fr', 'en'] as const;

const REQUESTS: Record<(typeof LANGUAGES)[number], string[]> = {
  nl: [
    'uw naam en adres',
    'Kunt u ons uw naam en adres bezorgen?',
    'Stuur ons uw gegevens via privébericht.',
    'Wat is uw e-mailadres?',
    'Mogen we uw telefoonnummer om u terug te bellen?',
    'Graag uw rijksregisternummer, dan zoeken we uw dossier op.',
    'Geef ons je volledige naam en je adres.',
    'Laat u ons uw geboortedatum weten?',
    'Waar woont u precies?',
    'Naam en adres graag via DM.',
    'Vermeld uw gsm-nummer in uw antwoord.',
    'Met uw naam en adres kunnen we uw klacht behandelen.',
    'Op welk adres mogen we de brief sturen?',
    'DM ons je gegevens.',
  ],
  fr: [
    'votre adresse',
    'Pourriez-vous nous communiquer votre nom et votre adresse ?',
    'Quel est votre nom complet ?',
    'Merci de nous indiquer votre adresse e-mail.',
    'Envoyez-nous vos coordonnées en message privé.',
    'Pouvez-vous nous donner votre numéro de téléphone ?',
    'Veuillez nous transmettre votre numéro de registre national.',
    'Indiquez votre date de naissance dans votre réponse.',
    'Où habitez-vous ?',
    'Comment vous appelez-vous ?',
    "Nom et adresse, s'il vous plaît, par message privé.",
    'Avec vos nom et adresse, nous pourrons traiter votre plainte.',
    'Votre prénom, svp ?',
  ],
  en: [
    'your full name',
    'Could you send us your full name and address?',
    'What is your email address?',
    'Please share your phone number so we can call you back.',
    'We need your date of birth to find your file.',
    'Can you give us your national register number?',
    'Please provide your contact details.',
    'Reply with your home address and we will look into it.',
    'May we have your e-mail?',
    'Let us know your mobile number.',
    'Where do you live?',
    'Name and address please.',
    "What's your name?",
    'Send us a DM with your details.',
  ],
};

const NOT_REQUESTS: Record<(typeof LANGUAGES)[number], string[]> = {
  nl: [
    'Bedankt voor uw bericht, we bekijken het meteen.',
    'Uw bus had vertraging door een ongeval op de E40.',
    'Stuur ons gerust een privébericht, dan helpen we u verder.',
    'Ons adres vindt u op onze website.',
    'De naam van de halte is veranderd.',
    'Uw adres is gewijzigd in ons systeem.',
    'Deel nooit uw persoonsgegevens in een openbaar bericht.',
    'Uw gegevens zijn veilig bij ons.',
    `Een klacht indienen kan via ${FLEMISH_COMPLAINT_PAGE}.`,
    "We hebben uw vraag doorgestuurd naar onze collega's.",
    'Bedankt voor uw e-mail van gisteren.',
    'Het abonnement staat op uw naam.',
    'Kijk in uw mail voor de bevestiging.',
  ],
  fr: [
    'Merci pour votre message, nous examinons la situation.',
    "Votre bus a eu du retard à cause d'un accident.",
    'Notre adresse figure sur notre site web.',
    "Le nom de l'arrêt a changé.",
    'Votre adresse a été mise à jour dans notre système.',
    'Ne partagez jamais vos données personnelles en public.',
    'Vos données sont en sécurité chez nous.',
    `Vous pouvez introduire une plainte via ${FLEMISH_COMPLAINT_PAGE}.`,
    'Nous avons transmis votre question à nos collègues.',
    "Merci pour votre e-mail d'hier.",
    "L'abonnement est à votre nom.",
    'Pourriez-vous nous envoyer un message privé ?',
    'Consultez votre e-mail, svp.',
  ],
  en: [
    "Thanks for your message, we're looking into it.",
    'Your bus was delayed by an accident on the E40.',
    'Please send us a private message so we can help.',
    'Our address is on our website.',
    'The name of the stop has changed.',
    'Your application has been approved.',
    'Please do not share your personal details in public.',
    'Your details are safe with us.',
    `You can file a complaint at ${FLEMISH_COMPLAINT_PAGE}.`,
    'We have forwarded your question to our colleagues.',
    'Thank you for your e-mail of yesterday.',
    'The season ticket is in your name.',
    'Please check your e-mail.',
  ],
};

describe('asksForPersonalDetails', () => {
  for (const lang of LANGUAGES) {
    test.each(REQUESTS[lang])(`${lang}: "%s" asks for personal details`, (text) => {
      expect(asksForPersonalDetails(text)).toBe(true);
    });
    test.each(NOT_REQUESTS[lang])(`${lang}: "%s" does not`, (text) => {
      expect(asksForPersonalDetails(text)).toBe(false);
    });
  }

  test('a request anywhere in a longer reply counts', () => {
    expect(asksForPersonalDetails('Bedankt voor uw bericht. Dat is vervelend. Stuur ons uw naam en adres, dan bekijken we het.')).toBe(true);
    expect(asksForPersonalDetails('Sorry for the delay!\nCould you DM us your phone number?')).toBe(true);
  });

  test('accents, capitals and curly apostrophes do not hide a request', () => {
    expect(asksForPersonalDetails('QUEL EST VOTRE PRÉNOM ?')).toBe(true);
    expect(asksForPersonalDetails('What’s your e‑mail address?')).toBe(true);
  });
});

describe('intakeMessages', () => {
  for (const lang of LANGUAGES) {
    for (const policy of [askDetails, pointToForm, noForm]) {
      const link = policy.formUrl ?? FLEMISH_COMPLAINT_PAGE;

      test(`${lang}, ${policy.mode}${policy.formUrl ? '' : ' without form'}: public reply invites to continue privately, asks nothing`, () => {
        for (const canReplyPrivately of [true, false]) {
          const { public: text } = intakeMessages(policy, lang, { canReplyPrivately, isPublic: true });
          expect(text).toBeDefined();
          expect(asksForPersonalDetails(text!)).toBe(false);
          expect(text).toContain(link);
          expect(text).toMatch(/privébericht|message privé|private message/);
          expect(text!.length).toBeLessThanOrEqual(280);
        }
      });

      test(`${lang}, ${policy.mode}${policy.formUrl ? '' : ' without form'}: the private message ${policy.mode === 'ask_details' ? 'asks for the details' : 'points to the form'}`, () => {
        const { private: text } = intakeMessages(policy, lang, { canReplyPrivately: true, isPublic: true });
        expect(text).toContain(policy.entityName);
        expect(text).toContain(link);
        expect(asksForPersonalDetails(text!)).toBe(policy.mode === 'ask_details');
        if (policy.mode === 'ask_details') {
          expect(text).toMatch({ nl: /naam en adres[\s\S]*e-mailadres[\s\S]*wat er gebeurd is/, fr: /nom et adresse[\s\S]*adresse e-mail[\s\S]*description des faits/, en: /name and address[\s\S]*e-mail address[\s\S]*what happened/ }[lang]);
        }
      });
    }
  }

  test('Dutch texts say "u", French texts say "vous"', () => {
    for (const policy of [askDetails, pointToForm]) {
      for (const canReplyPrivately of [true, false]) {
        const nl = intakeMessages(policy, 'nl', { canReplyPrivately, isPublic: true });
        const fr = intakeMessages(policy, 'fr', { canReplyPrivately, isPublic: true });
        for (const text of [nl.public, nl.private].filter(Boolean)) expect(text).not.toMatch(/\b(je|jij|jouw)\b/i);
        for (const text of [fr.public, fr.private].filter(Boolean)) expect(text).not.toMatch(/\b(tu|ton|ta|tes|toi)\b/i);
      }
    }
  });

  test('a private conversation gets no public reply; nothing at all when we cannot write back', () => {
    expect(Object.keys(intakeMessages(askDetails, 'nl', { canReplyPrivately: true, isPublic: false }))).toEqual(['private']);
    expect(intakeMessages(askDetails, 'nl', { canReplyPrivately: false, isPublic: false })).toEqual({});
    expect(Object.keys(intakeMessages(askDetails, 'nl', { canReplyPrivately: false, isPublic: true }))).toEqual(['public']);
  });

  test('the language falls back to Dutch', () => {
    expect(intakeLanguage('nl-BE')).toBe('nl');
    expect(intakeLanguage('FR')).toBe('fr');
    expect(intakeLanguage('en_GB')).toBe('en');
    expect(intakeLanguage('de')).toBe('nl');
    expect(intakeLanguage(undefined)).toBe('nl');
    expect(intakeMessages(askDetails, 'de', { canReplyPrivately: true, isPublic: false }).private).toMatch(/^Bedankt voor uw bericht aan De Lijn/);
  });

  test('entity templates replace the defaults per language and fill in the variables', () => {
    const policy: IntakePolicy = {
      ...askDetails,
      templates: {
        nl: { public: 'Dag! {entity} stuurt u een privébericht. Klacht: {formUrl}', private: 'Dag, hier is {entity}. Stuur ons uw naam en adres. Of ga naar {formUrl}.' },
        en: { private: 'Hello from {entity}: {formUrl}' },
      },
    };
    expect(intakeMessages(policy, 'nl', { canReplyPrivately: true, isPublic: true })).toEqual({
      public: `Dag! De Lijn stuurt u een privébericht. Klacht: ${FORM}`,
      private: `Dag, hier is De Lijn. Stuur ons uw naam en adres. Of ga naar ${FORM}.`,
    });
    const en = intakeMessages(policy, 'en', { canReplyPrivately: true, isPublic: true });
    expect(en.private).toBe(`Hello from De Lijn: ${FORM}`);
    expect(en.public).toMatch(/^Thank you for your message/);
    expect(intakePolicyProblems(policy)).toEqual([]);
  });

  test('a public template that asks for personal details is refused', () => {
    const policy: IntakePolicy = { ...askDetails, templates: { fr: { public: 'Merci ! Envoyez-nous votre adresse : {formUrl}' } } };
    expect(() => intakeMessages(policy, 'fr', { canReplyPrivately: true, isPublic: true })).toThrow(/asks for personal details/);
    expect(intakeMessages(policy, 'fr', { canReplyPrivately: true, isPublic: false }).private).toMatch(/^Merci pour votre message à De Lijn/);
    expect(intakePolicyProblems(policy)).toEqual(['The public template for "fr" asks for personal details; ask for them only in a private message.']);
  });

  test('intakePolicyProblems names unknown variables, missing complaint links and bad addresses', () => {
    expect(
      intakePolicyProblems({ mode: 'point_to_form', entityName: ' ', formUrl: 'http://example.be/form', templates: { en: { private: 'Hi {name}, thanks.' } } }),
    ).toEqual([
      'The entity name is empty.',
      'The complaint form address "http://example.be/form" is not an https:// address.',
      'The private template for "en" uses the unknown variable {name}; use {entity} or {formUrl}.',
      'The private template for "en" does not say where a formal complaint can be filed; include {formUrl}.',
    ]);
    expect(intakePolicyProblems({ mode: 'point_to_form', entityName: 'VDAB' })).toEqual([
      `Mode point_to_form without a form address points citizens to ${FLEMISH_COMPLAINT_PAGE}.`,
    ]);
  });
});
