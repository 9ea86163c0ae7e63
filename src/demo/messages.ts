import type { Category } from '../tickets/ticket.js';
import { fill, SHARED_SLOTS, slotsOf, type EntityDomain, type FollowUp, type Lang, type Template } from './domain.js';
import { DEMO_DOMAINS } from './domains/index.js';
import { PERSONAS_BY_LANG, type Persona } from './personas.js';

/**
 * What the demo's citizens write, one message at a time: each about the services of the entity it
 * goes to, never the same text twice from the same person, and now and then a second message in a
 * conversation that is already open (a complainant who writes again, someone with one more question).
 *
 * The first messages of conversations are a pure function of their index: message `i` is always the
 * same. An entity's templates are walked in a fixed shuffled order; each walk ("cycle") fills the
 * templates' slots with other values and gives them to other people, so texts keep changing. A
 * run starts at an index taken from the clock (scriptStart), so a restarted demo goes on where an earlier run
 * could not have been yet instead of starting over. The follow-ups depend on a seeded random
 * generator and on what each person already sent.
 */
export interface ScriptedMessage {
  /** Position in this run's script: 0, 1, 2, … */
  seq: number;
  /** The conversation: the index of its first message. */
  conversation: number;
  /** A second message in an existing conversation. */
  followUp: boolean;
  /** The person will write again in this conversation (decided with its first message). */
  followUpComing: boolean;
  entity: string;
  persona: Persona;
  lang: Lang;
  /** What the first message of the conversation was written as. */
  category: Category;
  topic: string;
  text: string;
  /** Where the person writes: in public (a post, a comment, a mention) or privately (a DM, a mail). */
  via: 'public' | 'private';
  /** E-mail subject. */
  subject: string;
  /** Review stars, 1–5. */
  stars: number;
  attachment?: 'photo';
}

/** How many differently filled texts one template gives per cycle: fewer complaints than other messages, as in a real inbox. */
const VARIANTS = 4;
const COMPLAINT_VARIANTS = 2;
/** Fixed: the same pools and orders in every run, so an index means the same message. */
const POOL_SEED = 20_261_112;
/** The chance that a conversation gets a second message, by what the first one was. */
const FOLLOW_UP_CHANCE: Record<Category, number> = { complaint: 0.45, dissatisfaction: 0.3, question: 0.12, other: 0 };
/** A second message comes this many messages (of all entities) after the first, at the earliest and latest. */
const FOLLOW_UP_AFTER = { min: 2, max: 7 };

/** Larger than VARIANTS and coprime with the number of people per language (36 and 8). */
const PERSON_STRIDE = 5;

const STARS: Record<Category, number> = { complaint: 1, dissatisfaction: 2, question: 3, other: 5 };

const SUBJECTS: Record<Lang, Record<Category, string>> = {
  nl: { question: 'Vraag over {topic}', dissatisfaction: 'Opmerking over {topic}', complaint: 'Klacht over {topic}', other: 'Bedankt' },
  fr: { question: 'Question', dissatisfaction: 'Remarque', complaint: 'Plainte', other: 'Merci' },
  en: { question: 'Question', dissatisfaction: 'Feedback', complaint: 'Complaint', other: 'Thank you' },
};

/** A small, fast 32-bit hash of a few numbers. */
function hash(...values: number[]): number {
  let h = 0x9e3779b9;
  for (const value of values) {
    h = Math.imul(h ^ (value | 0), 0x85ebca6b);
    h = Math.imul(h ^ Math.floor(value / 4_294_967_296), 0xc2b2ae35);
    h ^= h >>> 15;
  }
  return h >>> 0;
}

/** Deterministic random numbers in [0, 1) (mulberry32). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

interface PreparedTemplate {
  template: Template;
  index: number;
  /** The slot lists it draws from: a list named `road/town` fills {road} and {town} from one value (`N60/Oudenaarde`). */
  lists: string[];
  sizes: number[];
  combos: number;
  variants: number;
  /** A step coprime with `combos`: walking by it visits every combination before repeating. */
  step: number;
  salt: number;
}

interface PreparedDomain {
  domain: EntityDomain;
  weight: number;
  templates: PreparedTemplate[];
  /** (template, variant) pairs in their fixed shuffled order. */
  pool: Array<{ template: number; variant: number }>;
}

/** The list a slot is filled from: its own, a paired one (`road/town`), or a shared one. */
function listOf(domain: EntityDomain, name: string): string {
  if (domain.slots[name]) return name;
  const paired = Object.keys(domain.slots).find((key) => key.split('/').includes(name));
  if (paired) return paired;
  if (SHARED_SLOTS[name]) return name;
  throw new Error(`demo texts of ${domain.entity}: no values for slot {${name}}`);
}

function listValues(domain: EntityDomain, list: string): readonly string[] {
  return domain.slots[list] ?? SHARED_SLOTS[list]!;
}

/** Sets the slots one value of a list fills. */
function assign(values: Record<string, string>, list: string, value: string): void {
  if (!list.includes('/')) {
    values[list] = value;
    return;
  }
  const parts = value.split('/');
  list.split('/').forEach((name, i) => (values[name] = parts[i] ?? parts[0]!));
}

/** A capital at the start of every sentence (a slot such as {day} may open one). */
export function sentenceCase(text: string): string {
  return text.replace(/(^|[.!?]\s+)(\p{Ll})/gu, (_, before: string, letter: string) => before + letter.toUpperCase());
}

function prepare(domain: EntityDomain, weight: number, domainIndex: number): PreparedDomain {
  const templates = domain.templates.map((template, index): PreparedTemplate => {
    const lists = [...new Set(slotsOf(template.text + (template.subject ?? '')).map((name) => listOf(domain, name)))];
    const sizes = lists.map((list) => listValues(domain, list).length);
    const combos = sizes.reduce((a, b) => a * b, 1);
    const salt = hash(domainIndex, index, POOL_SEED);
    let step = 1 + (salt % Math.max(1, combos - 1));
    while (combos > 1 && gcd(step, combos) !== 1) step++;
    return { template, index, lists, sizes, combos, variants: Math.min(template.category === 'complaint' ? COMPLAINT_VARIANTS : VARIANTS, combos), step, salt };
  });
  // Every template once (shuffled), then every template's second variant, and so on: the same
  // template comes back only after all the others.
  const random = seededRandom(hash(POOL_SEED, domainIndex));
  const pool = Array.from({ length: VARIANTS }, (_, variant) => {
    const round = templates.filter((t) => t.variants > variant).map((t) => ({ template: t.index, variant }));
    for (let i = round.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [round[i], round[j]] = [round[j]!, round[i]!];
    }
    return round;
  }).flat();
  return { domain, weight, templates, pool };
}

const PREPARED: PreparedDomain[] = DEMO_DOMAINS.map(({ domain, weight }, index) => prepare(domain, weight, index));

/** Smooth weighted round robin: which entity each of a period's messages goes to, spread out. */
const PATTERN: number[] = (() => {
  const total = PREPARED.reduce((sum, d) => sum + d.weight, 0);
  const current = PREPARED.map(() => 0);
  return Array.from({ length: total }, () => {
    PREPARED.forEach((d, i) => (current[i]! += d.weight));
    const pick = current.indexOf(Math.max(...current));
    current[pick]! -= total;
    return pick;
  });
})();
/** For each pattern position: how many earlier positions of the period went to the same entity. */
const RANK_IN_PERIOD: number[] = PATTERN.map((entity, position) => PATTERN.slice(0, position).filter((e) => e === entity).length);

/** The values a template's slots get for one variant in one cycle. */
function fillSlots(domain: EntityDomain, t: PreparedTemplate, variant: number, cycle: number): Record<string, string> {
  let combination = (t.salt + (cycle * t.variants + variant) * t.step) % t.combos;
  const values: Record<string, string> = {};
  t.lists.forEach((list, i) => {
    const size = t.sizes[i]!;
    assign(values, list, listValues(domain, list)[combination % size]!);
    combination = Math.floor(combination / size);
  });
  return values;
}

/** The first message of conversation `index`, before anyone is chosen to send it. */
export function firstMessage(index: number): { prepared: PreparedDomain; template: PreparedTemplate; variant: number; cycle: number; values: Record<string, string> } {
  const period = PATTERN.length;
  const position = ((index % period) + period) % period;
  const entity = PATTERN[position]!;
  const prepared = PREPARED[entity]!;
  const k = Math.floor(index / period) * prepared.weight + RANK_IN_PERIOD[position]!;
  const cycle = Math.floor(k / prepared.pool.length);
  const { template: templateIndex, variant } = prepared.pool[k % prepared.pool.length]!;
  const template = prepared.templates[templateIndex]!;
  return { prepared, template, variant, cycle, values: fillSlots(prepared.domain, template, variant, cycle) };
}

/**
 * Where a run's script starts: the number of shortest possible waits (half the interval) since
 * 1970. An earlier run with the same setting cannot have written further than that, so a restart
 * goes on with messages no run has sent yet.
 */
export function scriptStart(now: Date, intervalSeconds: number): number {
  return Math.floor(now.getTime() / (intervalSeconds * 500));
}

/** The second messages that can follow a first one: same language, fitting its category and topic, their slots known. */
function followUpsFor(domain: EntityDomain, first: Pick<ScriptedMessage, 'lang' | 'category' | 'topic'>, values: Record<string, string>): FollowUp[] {
  return domain.followUps.filter(
    (f) =>
      f.lang === first.lang &&
      (f.after ?? ['complaint', 'dissatisfaction']).includes(first.category) &&
      (!f.topics || f.topics.includes(first.topic)) &&
      slotsOf(f.text).every((name) => name in values || f.free?.includes(name)),
  );
}

interface PendingFollowUp {
  due: number;
  first: ScriptedMessage;
  values: Record<string, string>;
  domain: EntityDomain;
}

export class DemoScript {
  private seq = 0;
  private index: number;
  private readonly random: () => number;
  /** What each person already sent (persona number → texts). */
  private readonly sent = new Map<number, Set<string>>();
  private readonly pending: PendingFollowUp[] = [];

  constructor(options: { start?: number; seed?: number } = {}) {
    this.index = options.start ?? 0;
    this.random = seededRandom(options.seed ?? 1);
  }

  /** Conversations that will get a second message later: the backlog leaves them open. */
  awaitingFollowUp(): Set<number> {
    return new Set(this.pending.map((p) => p.first.conversation));
  }

  next(): ScriptedMessage {
    const due = this.pending.findIndex((p) => p.due <= this.seq);
    if (due >= 0) {
      const [pending] = this.pending.splice(due, 1);
      const message = this.followUp(pending!);
      if (message) return message;
    }
    return this.first();
  }

  private hasSent(persona: Persona, text: string): boolean {
    return this.sent.get(persona.n)?.has(text) ?? false;
  }

  private remember(message: ScriptedMessage): ScriptedMessage {
    let texts = this.sent.get(message.persona.n);
    if (!texts) this.sent.set(message.persona.n, (texts = new Set()));
    texts.add(message.text);
    this.seq++;
    return message;
  }

  private first(): ScriptedMessage {
    for (;;) {
      const index = this.index++;
      const { prepared, template, variant, cycle, values } = firstMessage(index);
      const t = template.template;
      const text = sentenceCase(fill(t.text, values));
      const people = PERSONAS_BY_LANG[t.lang];
      // Each cycle hands the template's variants to the next people along (a stride coprime with
      // the number of people, so a text goes back to the same person only after many cycles).
      const start = (template.salt + variant + cycle * PERSON_STRIDE) % people.length;
      // The person whose turn it is, or the next one who has not sent this text yet.
      const persona = people.map((_, i) => people[(start + i) % people.length]!).find((p) => !this.hasSent(p, text));
      if (!persona) continue;
      const followUpComing =
        this.random() < FOLLOW_UP_CHANCE[t.category] && followUpsFor(prepared.domain, { lang: t.lang, category: t.category, topic: t.topic }, values).length > 0;
      const message: ScriptedMessage = {
        seq: this.seq,
        conversation: index,
        followUp: false,
        followUpComing,
        entity: prepared.domain.entity,
        persona,
        lang: t.lang,
        category: t.category,
        topic: t.topic,
        text,
        via: t.via ?? (hash(index, POOL_SEED) % 10 < 6 ? 'public' : 'private'),
        subject: fill(t.subject ?? SUBJECTS[t.lang][t.category], { ...values, topic: t.topic }),
        stars: t.stars ?? STARS[t.category],
      };
      if (followUpComing) {
        const after = FOLLOW_UP_AFTER.min + Math.floor(this.random() * (FOLLOW_UP_AFTER.max - FOLLOW_UP_AFTER.min + 1));
        this.pending.push({ due: this.seq + after, first: message, values, domain: prepared.domain });
      }
      return this.remember(message);
    }
  }

  private followUp({ first, values, domain }: PendingFollowUp): ScriptedMessage | undefined {
    const candidates = followUpsFor(domain, first, values);
    const offset = Math.floor(this.random() * Math.max(1, candidates.length));
    for (let i = 0; i < candidates.length; i++) {
      const candidate = candidates[(offset + i) % candidates.length]!;
      const own: Record<string, string> = {};
      for (const name of slotsOf(candidate.text).filter((slot) => !(slot in values))) {
        const list = listOf(domain, name);
        const options = listValues(domain, list);
        assign(own, list, options[hash(first.conversation, name.length) % options.length]!);
      }
      const text = sentenceCase(fill(candidate.text, { ...own, ...values }));
      if (this.hasSent(first.persona, text)) continue;
      return this.remember({
        ...first,
        seq: this.seq,
        followUp: true,
        followUpComing: false,
        text,
        ...(candidate.attachment ? { attachment: candidate.attachment } : {}),
      });
    }
    return undefined;
  }
}
