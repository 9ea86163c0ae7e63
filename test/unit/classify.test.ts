import { readFileSync } from 'node:fs';
import { classify } from '../../src/classify/classify.js';
import { analyze } from '../../src/classify/analysis.js';
import { extractFeatures, FeatureBuffer } from '../../src/classify/features.js';
import { bundledModel } from '../../src/classify/model.js';
import { findIban, findNationalNumber, findPhone, isValidNationalNumber } from '../../src/classify/personal-data.js';
import { serializeModel } from '../../src/classify/train.js';
import { trainCalibratedModel } from '../../src/classify/train-calibrated.js';
import { fold } from '../../src/classify/normalize.js';
import { numberShape, tokenize, TOKEN_PLAIN, vocabularyEpoch } from '../../src/classify/tokenize.js';
import type { Category } from '../../src/tickets/ticket.js';
import type { ModerationFlag } from '../../src/classify/types.js';
import { evaluateRecords, heldOutExtras } from '../../scripts/evaluate-classifier.js';
import { loadSplit, MODEL_FILE, trainingRecords } from '../../scripts/corpus.js';
import { trainingFingerprint } from '../../scripts/train-classifier.js';

// Fresh sentences written for these tests (not corpus lines), one per hard case and language.
const CASES: Array<[string, Category, string]> = [
  // --- explicit wish to complain about one's own case: complaint
  ['nl', 'complaint', 'hoe kan ik een klacht indienen? de terugbetaling van mijn abonnement is al 6 weken beloofd en nog altijd niks op mijn rekening'],
  ['nl', 'complaint', 'Ik wil een klacht indienen tegen de chauffeur van lijn 12, hij reed vanmorgen door terwijl ik aan de halte stond.'],
  ['fr', 'complaint', "Bonjour, comment je peux porter plainte ? Le chauffeur du 245 m'a refusé l'accès ce lundi matin avec mon vélo pliant alors que c'est autorisé."],
  ['fr', 'complaint', "Je dépose plainte contre votre contrôleur qui m'a insulté hier dans le tram 3."],
  ['en', 'complaint', 'How do I file a complaint? My refund for the cancelled swimming course (booking 55102) was promised in March and never arrived.'],
  ['en', 'complaint', 'I want to file a complaint about the rude staff member at your Leuven office yesterday.'],
  ['nl', 'complaint', 'Ik wil klacht indienen.'],
  ['fr', 'complaint', 'Je veux déposer plainte, c’est la troisième fois.'],
  ['en', 'complaint', 'I want to file a complaint.'],
  // --- generic question about the complaint procedure: question
  ['nl', 'question', 'Hoe verloopt een klachtenprocedure bij jullie eigenlijk, en binnen welke termijn krijg je antwoord?'],
  ['fr', 'question', 'Bonjour, de manière générale, combien de temps avez-vous pour répondre à une plainte ?'],
  ['en', 'question', 'General question: how does your complaints procedure work and is there an independent ombudsman?'],
  // --- "geen klacht, maar…": not a complaint
  ['nl', 'question', 'geen klacht hoor, maar weet iemand of de zwemkampen in juli al volzet zijn?'],
  ['fr', 'question', "Ce n'est pas une plainte, mais est-ce que la bibliothèque est ouverte le lundi de Pâques ?"],
  ['en', 'question', 'Not a complaint, just wondering whether the ferry runs on Sundays in winter?'],
  // --- complaint about the handling of a previous complaint: complaint
  ['nl', 'complaint', 'ik heb op 3 maart een klacht gestuurd over de verkeerde afrekening en tot vandaag geen enkele reactie gekregen. zo behandel je toch geen klacht?'],
  ['fr', 'complaint', "J'ai envoyé une plainte le 4 avril concernant ma facture d'eau et je n'ai reçu qu'un accusé de réception automatique. Personne n'a traité ma plainte."],
  ['en', 'complaint', 'I complained on 2 May about the broken streetlight in my street and your reply was a copy-paste template. That is not how a complaint should be handled.'],
  // --- negation of criticism: other
  ['nl', 'other', 'nooit problemen gehad met de belbus, altijd op tijd en vriendelijke chauffeurs'],
  ['fr', 'other', "Aucun souci avec le tram cette semaine, toujours à l'heure, merci !"],
  ['en', 'other', 'Never had any issue with the bike rental, smooth every time, well done!'],
  // --- sarcasm about a concrete case: complaint
  ['nl', 'complaint', 'super bedankt @delijn, gisterenavond om 22u10 stond ik aan de halte Zuid en de laatste bus van lijn 8 reed gewoon voorbij 👏👏'],
  ['fr', 'complaint', 'Bravo la VDAB, mon rendez-vous de mardi 10h annulé par SMS cinq minutes avant, après une heure de train 👏'],
  ['en', 'complaint', 'Brilliant service again 🙃 bus 95 at 7:40 this morning skipped my stop at Kraainem and I was late for work.'],
  // --- generic sarcasm: dissatisfaction
  ['nl', 'dissatisfaction', 'wow, alweer een nieuwe app die niet werkt. proficiat hoor 🙄'],
  ['fr', 'dissatisfaction', 'Génial, encore un nouveau formulaire en ligne, on adore la simplification administrative 🙃'],
  ['en', 'dissatisfaction', 'Oh great, another roadworks season. Truly the best planners in Europe 👏'],
  // --- criticism of policy: dissatisfaction, not a complaint
  ['nl', 'dissatisfaction', 'die nieuwe belasting op tweede woningen is pure diefstal, de regering pakt de gewone mens weer uit'],
  ['fr', 'dissatisfaction', 'Cette taxe kilométrique est une honte, le gouvernement flamand vide les poches des navetteurs'],
  ['en', 'dissatisfaction', 'Raising the inheritance tax again is a disgrace, this government punishes families who saved all their lives.'],
  // --- annoyed question: question
  ['nl', 'question', 'allez, wanneer gaan jullie die stoplichten aan de kerk nu eindelijk aanpassen?? al maanden hetzelfde'],
  ['fr', 'question', 'Ça fait trois fois que je demande : quand est-ce que les cours de néerlandais reprennent ???'],
  ['en', 'question', "Seriously, when will the Kennedy tunnel finally reopen?? It's been closed for weeks"],
  // --- plain cases
  ['nl', 'complaint', 'Bus 17 is vanmorgen om 7u35 niet gestopt aan de halte Stationsplein, terwijl ik duidelijk zwaaide. Ik kwam te laat op mijn examen.'],
  ['nl', 'dissatisfaction', 'de lijn wordt elk jaar slechter, echt om te huilen'],
  ['nl', 'question', 'Vanaf welke leeftijd moet mijn zoon een betalend abonnement hebben?'],
  ['nl', 'other', 'dikke merci aan de dame van het loket in Gent, super geholpen!'],
  ['fr', 'other', "Merci beaucoup pour l'accueil chaleureux à la bibliothèque, super équipe !"],
  ['en', 'other', 'Thanks a lot to the friendly lifeguard at Hofstade, great job!'],
];

describe('classify: categories (hard cases in Dutch, French and English)', () => {
  test.each(CASES)('%s → %s: %s', (lang, category, text) => {
    const verdict = classify(text, { lang });
    expect(verdict.category).toBe(category);
    expect(verdict.confidence).toBeGreaterThan(0);
    expect(verdict.confidence).toBeLessThanOrEqual(1);
  });

  test('explains an explicit wish to complain and a disclaimer', () => {
    expect(classify('ik wil klacht indienen over mijn factuur 123456 van vorige maand').signals.join(' | ')).toMatch(/explicit wish to complain: '[^']*klacht indienen'/);
    expect(classify('geen klacht, maar hoe laat sluit het containerpark?').signals.join(' | ')).toMatch(/not a complaint: 'geen klacht'/);
    expect(classify("bus 45 kwam gisteren om 8u12 niet, ik heb het al 2x gemeld").signals.join(' | ')).toMatch(/concrete case: .*time '8u12'/);
  });

  test('reports the language', () => {
    expect(classify('Waar kan ik mijn attest van inschrijving downloaden?').lang).toBe('nl');
    expect(classify('Où est-ce que je peux télécharger mon attestation ?').lang).toBe('fr');
    expect(classify('Where can I download my registration certificate?').lang).toBe('en');
  });
});

describe('classify: negation and sarcasm', () => {
  test('a negated wish to complain is not a complaint', () => {
    expect(classify('Ik wil geen klacht indienen over mijn dossier hoor, maar hoe lang duurt het nog?').category).not.toBe('complaint');
    expect(classify('ik wil niet klagen, maar de wachtzaal is wel erg koud').category).not.toBe('complaint');
    expect(classify("je ne veux pas me plaindre mais l'eau du robinet a un goût bizarre").category).not.toBe('complaint');
  });

  test('praise turned around by sarcasm is not praise', () => {
    expect(classify('Proficiat, weer een staking zonder enige verwittiging 🙄').category).toBe('dissatisfaction');
    expect(classify('Merci for nothing, my parcel card was rejected twice today at the counter in Ghent 🙃').category).toBe('complaint');
  });
});

describe('classify: degenerate input', () => {
  test('empty and emoji-only messages are other', () => {
    for (const text of ['', '   ', '🙏🙏', '👍', '?!']) {
      const verdict = classify(text);
      expect(verdict.category).toBe('other');
      expect(verdict.flags).toEqual([]);
    }
  });

  test('a very long message is classified quickly on its opening', () => {
    const text = `Geachte, mijn factuur 4100887766 van 12/03 rekent een verbruik aan dat ik niet gehad heb. ${'Bla bla bla. '.repeat(20_000)}`;
    const started = performance.now();
    const verdict = classify(text);
    expect(performance.now() - started).toBeLessThan(500);
    expect(['complaint', 'dissatisfaction', 'question', 'other']).toContain(verdict.category);
  });

  test('a vocabulary that outgrows its limit starts over without changing verdicts', () => {
    const text = 'Bus 17 is vanmorgen om 7u35 niet gestopt aan de halte Stationsplein.';
    const before = classify(text);
    const letters = (i: number): string => (i < 26 ? '' : letters(Math.floor(i / 26) - 1)) + String.fromCharCode(97 + (i % 26));
    const words = Array.from({ length: 120_000 }, (_, i) => `w${letters(i)}`);
    const epoch = vocabularyEpoch();
    for (let i = 0; i < words.length; i += 1_000) classify(words.slice(i, i + 1_000).join(' '));
    expect(vocabularyEpoch()).toBeGreaterThan(epoch);
    expect(classify(text)).toEqual(before);
  });

  test('a retweet is other', () => {
    expect(classify('RT @wegenverkeer: Vannacht is de E40 richting kust afgesloten tussen Aalter en Beernem.').category).toBe('other');
  });
});

const FLAG_CASES: Array<[ModerationFlag, string]> = [
  ['insult', 'jullie zijn echt een bende idioten'],
  ['insult', 'vous êtes des incapables et des guignols'],
  ['insult', 'what a bunch of morons'],
  ['hate', 'die vluchtelingen moeten allemaal terug naar hun land'],
  ['hate', 'ces étrangers profitent de tout, renvoyez-les chez eux'],
  ['hate', 'those immigrants ruin everything, they should go back to their country'],
  ['threat', 'als ik die chauffeur nog eens zie sla ik hem in elkaar'],
  ['threat', 'je vais brûler votre bureau'],
  ['threat', 'I will kill the next inspector who fines me'],
  ['spam', 'verdien €400 per dag met crypto! klik hier: www.snelgeld.biz'],
  ['spam', 'Gagnez des followers gratuits, lien en bio 🚀'],
  ['spam', 'Cheap sunglasses 70% off, shop now at www.shades-deal.shop'],
  ['personal_data', 'mijn rijksregisternummer is 85.07.30-033.28, kunnen jullie dat nakijken?'],
  ['personal_data', 'mijn nummer is 85073003328'],
  ['personal_data', 'bel mij terug op 0471 23 45 67 aub'],
  ['personal_data', 'Appelez-moi au +32 471 23 45 67 svp'],
  ['personal_data', 'you can reach me on 09 123 45 67'],
  ['personal_data', 'ik woon in de Kerkstraat 12, 9000 Gent'],
  ['personal_data', 'mail me op jan.peeters@example.be'],
  ['personal_data', 'my IBAN is BE71 0961 2345 6769'],
];

describe('classify: moderation flags', () => {
  test.each(FLAG_CASES)('%s: %s', (flag, text) => {
    expect(classify(text).flags).toContain(flag);
  });

  test('flags do not fire on ordinary messages', () => {
    const plain = [
      'mijn factuur 3100457812 klopt niet, het verbruik is veel te hoog',
      'De Kerkstraat in Gent is afgesloten voor werken, hoe rij ik best om?',
      'Kan ik met een Omnipas ook gratis met de kusttram?',
      'Het examen is op 12/06/2024 om 9u in lokaal 0.12',
      'Bedankt voor de snelle hulp, alles is in orde',
    ];
    for (const text of plain) expect(classify(text).flags).toEqual([]);
  });

  test('the national register number check digit is validated', () => {
    expect(isValidNationalNumber('850730033', 28)).toBe(true);
    expect(isValidNationalNumber('850730033', 29)).toBe(false);
    expect(findNationalNumber(fold('klantnummer 85073003329'))).toBeUndefined();
    // Born in 2000 or later: the check digit is computed over 2 followed by the first nine digits.
    const base = '010203123';
    const check = 97 - Number(`2${base}`) % 97;
    expect(findNationalNumber(`${base}${String(check).padStart(2, '0')}`)).toBeDefined();
  });

  test('phone numbers and IBANs follow Belgian formats', () => {
    expect(findPhone('0471/23.45.67')).toBeDefined();
    expect(findPhone('factuur 3100457812')).toBeUndefined();
    expect(findIban(fold('BE71 0961 2345 6769'))).toBeDefined();
    expect(findIban(fold('BE71 0961 2345 6768'))).toBeUndefined();
  });
});

describe('features and model', () => {
  test('tokens fold accents, Flemish spelling and numbers', () => {
    expect(tokenize(fold("Da's ni waar, 't is om 7u42 gebeurd é"))).toEqual(['.', 'dat', 's', 'niet', 'waar', 'het', 'is', 'om', '0u0', 'gebeurd', 'e']);
  });

  test('the hand-written scanner finds the tokens the reference expression finds', () => {
    // Reference: TOKEN_PLAIN, with words left unmapped (the scanner maps variants, "ni" → "niet").
    const reference = (folded: string): string[] => {
      const out = ['.'];
      TOKEN_PLAIN.lastIndex = 0;
      let m: RegExpExecArray | null;
      while ((m = TOKEN_PLAIN.exec(folded)) !== null) {
        if (m[5] !== undefined) out.push(m[6] === undefined ? 'W' : numberShape(m[0]));
        else if (m[4] !== undefined) out.push(numberShape(m[4]));
        else if (m[7] !== undefined || m[8] !== undefined) out.push(m[0]);
        else if (m[3] !== undefined) out.push('#tag', /^[a-z]+$/.test(m[3]) ? 'W' : m[3]);
        else if (m[0].startsWith('@')) out.push('#at');
        else if (out[out.length - 1] !== '.') out.push('.');
      }
      return out;
    };
    // '@' too: a mention (every message on X) is scanned; only an e-mail address needs the expression.
    const alphabet = [...'ab zq09._#?!€:;\n,/-😀☀@'];
    const EMAIL = /[a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)+/;
    let seed = 7;
    const random = (): number => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    for (let k = 0; k < 3000; k++) {
      let text = '';
      const length = 1 + Math.floor(random() * 30);
      for (let j = 0; j < length; j++) text += alphabet[Math.floor(random() * alphabet.length)];
      const folded = fold(text);
      if (EMAIL.test(folded)) continue;
      const scanned = tokenize(folded).map((t) => (/^[a-z]+$/.test(t) ? 'W' : t));
      expect(scanned).toEqual(reference(folded));
    }
  });

  test('the fast scorer equals the explicit feature vector', () => {
    const model = bundledModel();
    const buffer = new FeatureBuffer();
    for (const text of ['bus 12 kwam niet opdagen vanmorgen', "c'est quoi la procédure de plainte ?", 'thanks!!! 😍']) {
      const a = analyze(text);
      extractFeatures(a.tokens, a.ruleFeatures, model.features, buffer);
      const explicit = model.probabilities(buffer);
      const fast = model.scoreTokens(a.tokens, a.ruleFeatures);
      explicit.forEach((p, i) => expect(fast[i]).toBeCloseTo(p, 6));
    }
  });

  test('model.json was trained from the train files and the classifier code as they are now (npm run train:classifier)', () => {
    const shipped = JSON.parse(readFileSync(MODEL_FILE, 'utf8')) as { training: { fingerprint?: string; messages: number } };
    const records = trainingRecords();
    expect(shipped.training.messages).toBe(records.length);
    expect(shipped.training.fingerprint).toBe(trainingFingerprint(records));
  });

  test('training with calibration is deterministic: the same lines give the same file', () => {
    const some = trainingRecords().filter((_, i) => i % 10 === 0);
    expect(serializeModel(trainCalibratedModel(some))).toBe(serializeModel(trainCalibratedModel(some)));
  }, 60_000);
});

describe('held-out data', () => {
  // Floors under what the shipped model reaches (npm run evaluate:classifier prints it and the
  // issue's targets): a change that makes the classifier worse on data it never saw fails here.
  test('the test split: macro-F1, complaint precision and recall, calibration error', () => {
    const metrics = evaluateRecords(loadSplit('test'));
    expect(metrics.macroF1).toBeGreaterThanOrEqual(0.9);
    expect(metrics.categories.complaint.precision).toBeGreaterThanOrEqual(0.96);
    expect(metrics.categories.complaint.recall).toBeGreaterThanOrEqual(0.9);
    expect(metrics.calibration.ece).toBeLessThanOrEqual(0.05);
  });

  test('customer-service tweets counted as the research set does, and the paraphrase groups', () => {
    const { customerService, paraphrases } = heldOutExtras();
    expect(customerService.count).toBe(300);
    expect(customerService.macroF1).toBeGreaterThanOrEqual(0.85);
    expect(paraphrases.groups).toBe(150);
    expect(paraphrases.consistency).toBeGreaterThanOrEqual(0.8);
  });
});
