import { Lexicon } from './lexicon.js';
import { findPersonalData } from './personal-data.js';
import { URL_TOKEN, EMAIL_TOKEN } from './tokenize.js';
import type { ModerationFlag } from './types.js';

/**
 * Moderation flags from folded text and tokens (see normalize.ts, tokenize.ts). Flags never change
 * the category. Insults are insulting nouns and directed phrases ("jullie zijn dom", "bande de");
 * hate needs a slur or hateful phrase, or a group word together with a hateful cue ("krijgen
 * alles", "moeten weg", "criminals"); threats are violent phrases, or two weaker cues; spam needs
 * two kinds of advertising cue, or one with a link.
 */

const FLAG_LEXICON = new Lexicon([
  {
    id: 'insult',
    phrases: [
      // Nouns that insult on their own.
      'idioten|debielen|randdebiel*|klootzak*|zakkenwasser*|zakkenvuller*|sukkel|sukkels|prutser|prutsers|onnozelaar*|trut|trutten|oplichter*|dieven|waterdieven|boeven|imbeciel*|mongool*|mongolen|stommeling*|stommerik*|lul|lullen|eikel|eikels|hufter*|nietsnut*|parasiet*|smeerlap*|schoft*|kutwijf|kutwijven|hoer|hoeren|klojo*|domkop*|onbenul*|luiaard*|luilak*|lapzwans*|pipo|pipos|kiekens|teringlijer*|kankerlijer*|tyfuslijer*|zottekes|uilskuiken*|sloebers',
      'kieken|idioot|debiel|sukkel|lul|eikel dat|da ~1 gij|ge|je|u ~1 zijt|bent|zijn',
      'een|die|de|ne|nen|welke|zon|zo ~2 idioot|debiel|imbeciel|sukkel|lul|eikel|kieken|trut|kalf|ezel|aap|varken',
      'idioot|debiel|imbeciel|sukkel .|!|?',
      'incompetente|vuile|luie|dikke|grote|stomme|domme|achterlijke|onnozele|zielige|arrogante zak|zakken|trut|wijf|wijven|koe|varken|idioot|ambtenaren|bedienden|chauffeurs|kerels|mannen|tutten',
      'halve gare',
      'stelletje|stel|bende|hoop ~3 kluns|klungels|onbekwame|idioten|sukkels|oplichters|dieven|prutsers|zakken|profiteurs|incompetente|luiaards|onbekwamen|clowns|amateurs|nietsnutten|pipo|pipos|zotten|apen|ezels|nullen|boeven|zakkenvullers|parasieten',
      'jullie|gij|ge|u ~2 zijn|zijt|bent ~3 dom|stom|achterlijk|gestoord|debiel|zot|onnozel|nul|nullen|idioten|clowns|apen|ezels|dieven|oplichters|parasieten|profiteurs|sukkels|prutsers|domste|stomste|slechtste',
      'domste|dwaaste|stomste|achterlijkste',
      'connard*|connasse*|abruti*|cretin*|imbecile*|idiots|idiote|idiotes|guignol*|incapables|anes|parasite|parasites|faineant*|feignass*|voleur|voleurs|escroc|escrocs|debiles|bouffon*|salaud*|salope*|enfoire*|pourri|pourris|ordures|tocard*|blaireau*|branleur*|charlot*|clowns|minables|nullard*|singes|baltringue*',
      'des|de|les|ces|pauvre|gros|bande ~1 cons|con|nuls|idiot|imbecile|abruti|debile',
      'bande de',
      'nazes|naze|kluns|klungel|klungels',
      'sous merde|merdes',
      'bande de ~1 incapables|idiots|abrutis|cretins|imbeciles|guignols|voleurs|parasites|nuls|bureaucrates|faineants|clowns|bouffons|tocards|branleurs|incompetents|escrocs|rigolos',
      'vous ~1 etes ~3 nuls|idiots|incapables|incompetents|cons|debiles|abrutis|guignols|clowns|minables|voleurs',
      'idiots|moron*|clown|clowns|imbecile*|jerk|jerks|bastard*|asshole*|arsehole*|scum|loser|losers|parasite|parasites|muppet*|wanker*|twat*|dickhead*|fools|leeches|dumbass*|retards|retarded|crooks|cretin*|halfwit*|nitwit*',
      'an|the|that|you ~2 idiot|fool|moron|imbecile',
      'you|your|are ~3 idiots|morons|clowns|fools|stupid|useless|incompetent|pathetic|dumb|brainless',
      'pen pushers',
      'power tripping',
      'useless ~2 clowns|bunch|lot|idiots|people|pen|staff|morons',
      'bunch of ~2 idiots|clowns|morons|useless|incompetent|losers|thieves|crooks|amateurs|muppets',
    ],
  },
  {
    id: 'hate_strong',
    phrases: [
      'eigen volk eerst',
      'eigenvolkeerst',
      'vlaanderen voor de vlamingen',
      'la flandre aux flamands',
      'terug naar ~2 land|landen|afrika|marokko|woestijn|turkije|eigen',
      'dat|die volk',
      'heel dat volk',
      'kweekdrift|homopropaganda|omvolking|zigeuners|zigeuner|gelukszoekers|makakken|bougnoul*|bicot*|racaille*|gypsies|gypsy|negers|neger|flikkers|flikker|pedes|tarlouze*|zwarten|zwartjes|geitenneuker*|kutmarokkan*|illegalen|illegals|subhuman|untermenschen|envahisseurs|invaders',
      'grand remplacement',
      'great replacement',
      'zieke mensen',
      'rentrez ~1 chez|dans vos',
      'renvoyez ~2 chez',
      'dehors les',
      'une race de',
      'rats de',
      'go back where|to ~3 came|country',
      'back where they came from',
      'send|ship ~1 them ~1 back|home',
      'deport ~1 them|all|every',
      'ces gens la',
      'stick to the kitchen',
      'belong in the kitchen',
      'laat dat|het aan ~2 mannen ~1 over',
      'achter het fornuis|aanrecht',
      'a la cuisine',
      'au foyer',
    ],
  },
  {
    id: 'hate_group',
    phrases: [
      'vreemdeling*|allochto*|buitenlander*|migrant*|immigrant*|asielzoeker*|vluchteling*|moslim*|islam*|hoofddoek*|marokkan*|turken|roma|polen|oostblok*|roemenen|bulgaren|afrikanen|arabieren|syriers|afghanen|homo|homos|homofiel*|holebi*|lesbi*|transgender*|transgenders|joden|jood|kleurlingen|bruinen|walen|franstaligen|vlamingen',
      'etranger|etrangers|etrangere|etrangeres|immigre*|migrant*|refugie*|musulman*|voilee*|marocain*|arabe*|noirs|negre*|gitan*|roms|flamingant*|flamands|wallon*|juif*|homosexuels|homos|africains|turcs|roumains|transgenres',
      'immigrant*|migrant*|refugee*|muslim*|headscar*|polish|poles|blacks|foreigners|arabs|gays|jews|romanians|africans|turks|transgenders',
      'eastern europeans',
      'oost europeanen',
      'asylum seekers',
      'those|these people',
      'ces gens',
    ],
  },
  {
    id: 'hate_cue',
    phrases: [
      'profiteur*|profiteurs|profitent|profiteren|profitez|stikken|crever|rentrez|renvoyez|assistes|handouts|typisch|typique|typical|aanneemt|aannemen|aanwerven|engagent|engager|hires|hiring|invasie|invasion|overspoeld|ruin*|ruineren|verpesten|pourrissent|parasieten|walgelijk|degoutant|disgusting|gespuis|tuig|ongedierte|vermin|scum|beesten|animals|sauvages|savages|criminelen|criminels|criminals|terroristen|terroristes|terrorists|stelen|steelt|volent|vole|steal|steals|stealing|deport*|expulse*|expulser|uitwijzen|terugsturen|buitengooien|abnormaal|pervers|pervert*|malades',
      'allemaal ~1 profiteurs|terug|buiten|weg|hetzelfde|dezelfde|criminelen|dieven|crimineel|eruit',
      'moeten|mogen|moet ~3 weg|buiten|terug|eruit|oprotten|opkrassen',
      'doivent|faut ~3 partir|dehors|rentrer|degager',
      'should|must ~3 leave|go|be',
      'krijgen|krijgt ~1 alles',
      'horen ~2 niet thuis',
      'horen hier niet',
      'belong here|there',
      'rien a faire ici',
      'zijn allemaal',
      'sont tous',
      'are all',
      'gevaar|danger|fleau|plaag|pest|plague|nazis|nazi|racistes',
      'integrent|integreren|integrate ~1 jamais|nooit|never|niet|not',
      'ne ~1 s ~1 integrent',
      'alles gratis',
      'get|gets ~1 everything',
      'ont|recoivent ~1 tout',
      'tout gratuit',
      'tous les memes|pareils',
      'tous des',
      'alleen|enkel ~1 nog|maar',
      'only ever',
      'willen ~2 niet werken',
      'veulent ~1 pas ~1 travailler',
      'pas|past|passen ~2 nooit ~1 aan',
      'pas|past|passen ~2 aan',
      'blijf|blijft|blijven weg',
      'go back',
      'come here',
      'terug naar',
      'geen wonder',
      'normal que',
      'never pay|intend|work',
      'paient jamais',
      'prennent tout',
      'zijn|are|sont ~1 ziek|sick|malades|pervers|abnormaal|gestoord|perverts',
      'zieke|sick ~1 mensen|people|gens',
      'kunnen ~1 niet|nooit ~3 rijden|werken|leren|lezen',
      'can not ~1 drive|work|read',
    ],
  },
  {
    id: 'hate_statement_cue',
    phrases: [
      'voorrang|priorite|priority|gratis|free|gratuit|gratuite|uitkering|uitkeringen|allocations|benefits|lui|luie|lazy|paresseux|faineants|vuil|vuile|dirty|sales|probleem|problemen|probleme|problemes|problem|problems|schande|honte|disgrace',
    ],
  },
  {
    id: 'threat_strong',
    phrases: [
      'in brand ~1 steken|steek|zetten',
      'in de fik',
      'fik ~2 steken|steek',
      'aansteken|aansteek',
      'brandbom*|molotov*|jerrycan|slijpschijf|kopstoot|kogel|kogels|geweer|pistool|bom|explosief|explosieven',
      'met|een|nen ~1 mes',
      'sla|slaan|slaag|timmer|klop|kloppen ~5 verrot|dood|kapot|neer|bont|blauw|kop|bakkes|smoel|tanden|gezicht',
      'sla|slaan|slaag|timmer ~4 in elkaar',
      'kop in|af',
      'maak|maken ~2 jullie|u|hem|haar|je|die|ze ~1 kapot|af|dood',
      'gaat|gaan ~1 eraan',
      'overleeft ~3 niet',
      'niet meer thuiskomen',
      'steen|stenen door',
      'vermoord*|doodschieten|neerknallen|opblazen|neersteken|neerschieten|doodmaken',
      'ik weet waar ~5 wonen|woont|woon|woont',
      'bezuren|berouwen',
      'anders piepen',
      'klappen|slaag|rammeling|aframmeling|knuppel|honkbalknuppel|boksbeugel|wapen|wapens|vuurwapen',
      'verhaal ~2 halen',
      'niet bij woorden blijven',
      'zal|gaat|zult ~3 voelen',
      'op zijn|uw|je|haar ~1 muil|bakkes|smoel|kop|gezicht ~1 slaan|geven|krijgen|timmeren',
      'lesje ~1 leren',
      'gebeurt er iets',
      'niet graag ~2 zien',
      'incendier|tuerai|couteau|bombe|fracasser|tabasser|buter|cramer',
      'bruler|brulerai|bruleront|tuer ~2 votre|vos|bureau|bureaux|maison|engins|locaux|vous|le|la|les|ce|cette',
      'defoncer|casser|peter|peterai|casserai ~3 gueule|tete|figure|dents|bureau|bureaux',
      'mettre le feu',
      'regler ~2 compte',
      'mal finir',
      'comprendre sa douleur',
      'avoir peur de sortir',
      'faire la peau',
      'venir ~1 vous|te|le|les ~1 chercher',
      'pas a le abri',
      's en prendre une',
      'prendre|prend|prends ~2 baffe|baffes|claque|claques|coups|tarte|raclee',
      'gare a',
      'batte|flingue|arme|armes',
      'je sais ou ~3 habitez|habites|habite|vivez',
      'vous|tu ~1 allez|vas ~2 regretter|payer',
      'knife|gun|bomb|stab|flattened|murder|bullet|bullets',
      'burn ~3 down|office|offices|building|you|your|them|it|him|her',
      'set ~1 fire',
      'torch',
      'kill|shoot|hurt|beat|punch|smash ~2 you|him|her|them|someone|somebody|everyone|whoever|your',
      'kill|shoot|hurt|beat|punch|smash ~2 that|the ~1 driver|inspector|controller|guy|man|woman|clerk|officer|manager|staff',
      'will|gonna|going ~2 kill|shoot|burn|stab|smash|hurt',
      'get hurt',
      'need an ambulance',
      'pay them a visit',
      'drag them out',
      'beat ~2 up',
      'watch your back',
      'been warned',
      'teach ~3 lesson',
      'lesson ~3 never|not ~1 forget',
      'baseball bat|weapon|weapons',
      'will not ~1 know what hit',
      'waiting for ~3 after',
      'at home and see',
      'i know where ~2 live|lives',
      'make you|them ~1 pay',
      'you will ~1 pay|regret',
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
      'tegenkom|tegenkomt|tegenkomen|croise|recroise|croiser',
      'wacht maar',
      'zelf ~3 regelen',
      'a la sortie',
      'after his|her|their|your ~1 shift|work',
      'warned|averti',
      'kom|kom ~2 naar ~2 kantoor|loket|huis',
      'zoek ~3 op',
      'je vous le jure|garantis',
      'vous allez voir',
      'va comprendre',
      'faites attention',
      'i swear',
      'you will see',
      'someone is going to',
      'ready to',
      'not show their faces',
      'should ~2 put|pay|visit',
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

const entry = (id: string): number => FLAG_LEXICON.ids.indexOf(id);
const INSULT = entry('insult');
const HATE_STRONG = entry('hate_strong');
const HATE_GROUP = entry('hate_group');
const HATE_CUE = entry('hate_cue');
const HATE_STATEMENT_CUE = entry('hate_statement_cue');
const THREAT_STRONG = entry('threat_strong');
const THREAT_WEAK = entry('threat_weak');
/** The spam cue entries come last, from here on. */
const SPAM_FIRST = entry('spam_money');
const SPAM_PETITION = entry('spam_petition');
const SPAM_EMOJI = entry('spam_emoji');

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
  const statement = !tokens.includes('?');
  if (hits.count[HATE_STRONG] || (hits.count[HATE_GROUP] && (hits.count[HATE_CUE] || (statement && hits.count[HATE_STATEMENT_CUE])))) {
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
