import { Lexicon } from './lexicon.js';
import { findPersonalData } from './personal-data.js';
import { URL_TOKEN, EMAIL_TOKEN } from './tokenize.js';
import type { ModerationFlag } from './types.js';

/**
 * Moderation flags from folded text and tokens (see normalize.ts, tokenize.ts). Flags never change
 * the category. Insults and threats are word lists; hate needs a slur or hateful phrase, or a group
 * word together with a generalising cue ("die", "ces", "those", "allemaal", "go back"); spam needs
 * two cues (a link or contact request plus an advertising word, or two advertising words).
 */

const FLAG_LEXICON = new Lexicon([
  {
    id: 'insult',
    phrases: [
      'idioot|idioten|debiel|debielen|randdebiel*|klootzak*|sukkel|sukkels|prutser|prutsers|onnozelaar*|trut|trutten|oplichter*|dieven|waterdieven|zakkenvuller*|imbeciel*|achterlijk*|mongool*|stommeling*|lul|eikel|eikels|hufter*|nietsnut*|parasiet*|smeerlap*|schoft*|kutwijf|hoer|hoeren|klojo*|domkop*|onbenul*|luiaards|luilakken',
      'incompetente|vuile|luie|dikke|stomme zakken',
      'halve gare',
      'dikke|vuile|stomme zak|trut|idioot|koe|varken',
      'stelletje|bende ~1 idioten|sukkels|oplichters|dieven|prutsers|zakken|profiteurs|incompetente|luiaards|onbekwamen|clowns|amateurs|nietsnutten',
      'domste|dwaaste',
      'connard*|connasse*|abruti*|cretin*|imbecile*|idiot|idiots|idiote|idiotes|guignol*|incapable|incapables|ane|anes|parasite|parasites|faineant*|voleur|voleurs|debile*|bouffon*|salaud*|salope*|enfoire*|pourri|pourris|tocard*|blaireau*|branleur*|charlot*|clowns|minables|nullard*',
      'bande de ~1 incapables|idiots|abrutis|cretins|imbeciles|guignols|voleurs|parasites|nuls|bureaucrates|faineants|clowns|bouffons|tocards',
      'idiot|idiots|moron*|clown|clowns|imbecile*|stupid|dumb|jerk|jerks|bastard*|asshole*|arsehole*|scum|loser|losers|parasite|parasites|muppet*|wanker*|twat*|dickhead*|fools|fool|leeches',
      'pen pushers',
      'power tripping',
      'useless ~2 clowns|bunch|lot|idiots|people|pen',
      'bunch of ~2 idiots|clowns|morons|useless|incompetent|losers|thieves|crooks',
    ],
  },
  {
    id: 'hate_strong',
    phrases: [
      'eigen volk eerst',
      'eigenvolkeerst',
      'terug naar ~2 land|landen|afrika|marokko',
      'dat|die volk',
      'heel dat volk',
      'kweekdrift|homopropaganda|omvolking|zigeuners|zigeuner|gelukszoekers|makakken|bougnoul*|racaille*|gypsies|gypsy|negers|neger|flikkers|flikker|pedes|zwarten',
      'zieke mensen',
      'rentrez ~1 chez|dans vos',
      'renvoyez ~2 chez',
      'une race de',
      'rats de',
      'go back where|to ~3 came|country',
      'back where they came from',
      'stick to the kitchen',
      'laat dat|het aan ~1 mannen over',
      'achter het fornuis|aanrecht',
    ],
  },
  {
    id: 'hate_group',
    phrases: [
      'vreemdeling*|allochto*|buitenlander*|migrant*|immigrant*|asielzoeker*|vluchteling*|moslim*|islam*|hoofddoek*|marokkan*|turken|roma|polen|oostblok*|homo|homos|homofiel*|lesbi*|transgender*|joden|jood|kleurlingen',
      'etranger|etrangers|etrangere|etrangeres|immigre*|migrant*|refugie*|musulman*|voilee*|marocain*|arabe*|noirs|negre*|gitan*|roms|flamingant*|wallon*|juif*',
      'immigrant*|migrant*|refugee*|muslim*|headscar*|polish|blacks|foreigners|arabs|gays|jews',
      'eastern europeans',
      'those|these people',
      'ces gens',
    ],
  },
  {
    id: 'hate_cue',
    phrases: [
      'profiteur*|profiteurs|profitent|profiteren|stikken|crever|rentrez|renvoyez|assistes|handouts|typisch|typique|typical|aanneemt|aannemen|aanwerven|engagent|engager|hires|hiring|invasie|invasion|overspoeld|ruin*|ruineren|verpesten|pourrissent|parasieten|walgelijk|degoutant|disgusting',
      'allemaal ~1 profiteurs|terug|buiten|weg|hetzelfde|dezelfde|criminelen|dieven|crimineel',
      'tous les memes|pareils',
      'tous des',
      'alleen|enkel ~1 nog|maar',
      'only ever',
      'willen ~2 niet werken',
      'go back',
      'come here',
      'terug naar',
      'pas|past|passen ~2 aan',
      'blijf|blijft|blijven weg',
      'geen wonder',
      'normal que',
      'never pay|intend|work',
      'paient jamais',
      'prennent tout',
    ],
  },
  {
    id: 'threat_strong',
    phrases: [
      'in brand ~1 steken|steek|zetten',
      'brandbom*|molotov*|jerrycan|slijpschijf|kopstoot|kogel|geweer|pistool|bom',
      'met|een|nen ~1 mes',
      'sla|slaan|slaag|timmer ~4 verrot|dood|kapot|neer|bont',
      'sla|slaan|slaag|timmer ~4 in elkaar',
      'kapot ~1 slaan|maken',
      'overleeft ~3 niet',
      'niet meer thuiskomen',
      'steen door',
      'vermoord*|doodschieten|opblazen|neersteken|neerschieten',
      'ik weet waar ~5 wonen|woont',
      'anders piepen',
      'gebeurt er iets',
      'niet graag ~2 zien',
      'incendier|tuerai|couteau|bombe|defoncer|fracasser',
      'bruler|brulerai|bruleront|tuer ~2 votre|vos|bureau|bureaux|maison|engins|locaux|vous|le|la|les|ce|cette',
      'regler ~2 compte',
      'mal finir',
      'comprendre sa douleur',
      'avoir peur de sortir',
      'faire la peau',
      'casser la gueule',
      'knife|gun|bomb|stab|flattened|murder',
      'burn ~3 down|office|offices|building|you|your|them|it|him|her',
      'kill|shoot|hurt|beat ~2 you|him|her|them|someone|somebody|everyone|whoever|the|that|those|your',
      'will|gonna|going ~2 kill|shoot|burn|stab',
      'get hurt',
      'need an ambulance',
      'pay them a visit',
      'drag them out',
      'beat ~2 up',
      'watch your back',
      'at home and see',
    ],
  },
  {
    id: 'threat_weak',
    phrases: [
      'ik zweer|beloof',
      'beloof ik',
      'oppassen|piepen|broers|opzoeken',
      'zullen zien',
      'kom ik ~3 naar|langs',
      'goed oppassen',
      'er gebeurt iets',
      'zoek ~3 op',
      'je vous le jure|garantis',
      'vous allez voir',
      'va comprendre',
      'i swear',
      'you will regret|see',
      'someone is going to',
      'ready to',
      'not show their faces',
    ],
  },
  { id: 'spam_money', phrases: ['verdien|verdienen|earn|gagnez|gagner|win|winnen|gewonnen|investeer|investissez|invest', '€ ~1 per|par|a ~1 dag|day|jour|week|maand|month|mois|semaine', '€ dag|day|jour|week|maand|month|mois|semaine', '0000|000|00 a|per|par week|day|jour|dag|month|maand|mois'] },
  { id: 'spam_crypto', phrases: ['crypto|bitcoin|btc|trading|forex|nft|signalen|signals|signaux'] },
  { id: 'spam_follow', phrases: ['followers|volgers|abonneer|abonneren|subscribe|abonnez', 'follow|volg me|us|mon|ma|my|#at', 'like|likes ~1 en|and|et ~1 deel|share|partage'] },
  { id: 'spam_link_bio', phrases: ['link|lien ~1 in|en bio|profile|profiel', 'klik|click|cliquez|claim|claimen', 'dm|pm me|us|voor|for|mij', 'contactez|contacteer|contact ~1 moi|mij|me', 'inscrivez|schrijf ~1 vous|je|u ~1 in'] },
  { id: 'spam_guarantee', phrases: ['gegarandeerd|guaranteed|garanti|garantie|0x|100x'] },
  { id: 'spam_discount', phrases: ['korting|discount|promo|uitverkoop|soldes|goedkope|goedkoop|cheap|imbattables|outlet', 'pas cher', 'laagste prijs', '0 off|korting'] },
  { id: 'spam_home', phrases: ['vanuit uw zetel', 'van thuis uit', 'from home', 'depuis chez vous', 'geen diploma|ervaring nodig', 'no experience', 'pas besoin de'] },
  { id: 'spam_prize', phrases: ['cadeaubon|geselecteerd|winnaar|winner|iphone|iphones', 'gift card', 'gratis iphone|iphones|fitness'] },
  { id: 'spam_promo_self', phrases: ['mijn|my|ma|onze|our|notre kanaal|channel|chaine|shop|winkel|pakketten|package|agence|agency|coaching', 'check|bekijk|bezoek|visit ~1 mijn|my|our|onze|out'] },
  { id: 'spam_job_ad', phrases: ['cherchez ~2 emploi|job|travail', 'zoekt u ~2 werk|job', 'looking for ~2 job|work', 'get hired', 'frais de inscription'] },
  { id: 'spam_petition', phrases: ['petitie|petition|petities|petitions|signez|onderteken'] },
  { id: 'spam_emoji', phrases: ['💰|🚀|💎|💸|📈|🔥|👉|➡|💯|🤑|💼'] },
]);

const INSULT = 0;
const HATE_STRONG = 1;
const HATE_GROUP = 2;
const HATE_CUE = 3;
const THREAT_STRONG = 4;
const THREAT_WEAK = 5;
const SPAM_FIRST = 6;
const SPAM_PETITION = FLAG_LEXICON.ids.indexOf('spam_petition');
const SPAM_EMOJI = FLAG_LEXICON.ids.indexOf('spam_emoji');

export interface FlagResult {
  flags: ModerationFlag[];
  /** One short reason per flag, in the same order. */
  reasons: string[];
  /** A commercial advertisement (two kinds of advertising cue, or one with a link and ad emoji), not a citizen's message. */
  advertisement: boolean;
}

export function detectFlags(folded: string, tokens: readonly string[], ids?: readonly number[]): FlagResult {
  const hits = FLAG_LEXICON.match(tokens, ids);
  const flags: ModerationFlag[] = [];
  const reasons: string[] = [];
  const quote = (entry: number): string => tokens.slice(hits.start[entry]!, hits.end[entry]!).join(' ');

  if (hits.count[INSULT]) {
    flags.push('insult');
    reasons.push(`insult: '${quote(INSULT)}'`);
  }
  if (hits.count[HATE_STRONG] || (hits.count[HATE_GROUP] && hits.count[HATE_CUE])) {
    flags.push('hate');
    reasons.push(`discrimination: '${quote(hits.count[HATE_STRONG] ? HATE_STRONG : HATE_GROUP)}'`);
  }
  if (hits.count[THREAT_STRONG] || hits.count[THREAT_WEAK]! >= 2) {
    flags.push('threat');
    reasons.push(`threat: '${quote(hits.count[THREAT_STRONG] ? THREAT_STRONG : THREAT_WEAK)}'`);
  }
  let link = false;
  for (const token of tokens) if (token === URL_TOKEN || token === EMAIL_TOKEN) link = true;
  let spamCues = 0;
  let commercial = 0;
  let firstCue = -1;
  for (let e = SPAM_FIRST; e < hits.count.length; e++) {
    if (!hits.count[e]) continue;
    spamCues++;
    if (e !== SPAM_PETITION && e !== SPAM_EMOJI) commercial++;
    if (firstCue < 0) firstCue = e;
  }
  const advertisement = commercial >= 2 || (commercial >= 1 && link && hits.count[SPAM_EMOJI]! > 0);
  const spam = spamCues >= 2 || (link && spamCues >= 1);
  if (spam) {
    flags.push('spam');
    reasons.push(firstCue >= 0 ? `advertising: '${quote(firstCue)}'` : 'advertising link');
  }
  const personal = findPersonalData(folded);
  // An advertiser's own e-mail address or phone number is contact data, not a citizen's personal data.
  if (personal && !(spam && (personal.kind === 'e-mail address' || personal.kind === 'phone number'))) {
    flags.push('personal_data');
    reasons.push(`personal data in the message: ${personal.kind}`);
  }
  return { flags, reasons, advertisement };
}
