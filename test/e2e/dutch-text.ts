import type { Page } from 'playwright-core';

/**
 * "Dutch everywhere": what a Dutch screen may not show. The browser collects every text a user
 * reads or hears (visible text nodes, visually hidden screen-reader text, aria-label, title,
 * placeholder, alt, the chosen option of a select); `englishOrRawKeys` judges each text in Node.
 *
 * Rules (each finding names the rule and the text):
 * - raw key: a dotted identifier (`complaint.coordinator_notified`, `tickets.assign`), a snake_case
 *   word (`due_soon`), a camelCase identifier (`firstResponse`), an unfilled `{placeholder}`,
 *   `undefined` / `null` / `NaN` / `[object Object]`;
 * - actor: an audit-log actor as stored (`user:…`, `api-token`);
 * - class name: `…Error` / `…Exception` and system error codes (`ENOTFOUND`, `EAI_AGAIN`);
 * - English: a word from a list of common English words that never occur in Dutch interface text
 *   (the, and, with, not, are, you, …; not `is`, `of`, `was`, `in`, `over`, `door`, `die`, `had`,
 *   `met`, which are Dutch too), unless the word is on the allow-list of terms Dutch uses.
 * Before judging, data that is not interface text is taken out: e-mail and web addresses, domain
 * names, @handles, {{template.variables}} (the canned-response editor shows them on purpose) and
 * time-zone names (Europe/Brussels). Elements marked with another `lang` are left alone.
 */

/** Common English words that a Dutch interface never uses (deliberately not: is, of, was, in, an, over, door, die, had, met, do, as, at, me, we, he, so, up, open, status, agent, review). */
const ENGLISH = new Set(
  `the and with not are you your this that these those from has have been were will would should could cannot can't please
   failed error errors loading save saved cancel delete deleted edit new for to by it its which what when where who there their they them than
   into about must allowed found none reply replies message messages sent send queued pending complaint complaints question questions other
   unknown invalid missing required already only also some any all more yes no never nobody assigned unassigned claimed queue system case cases
   user users settings search page next previous back close closed resolved show hide view select selected add remove update updated created
   name date time day days hours minutes ago just now today yesterday overdue due left on off be does did she if or but how why because
   shortcut shortcuts keyboard secret content accessibility guidelines dm attachment attachments draft drafts approve snooze snoozed unread
   typing viewing mine thread conversation history note notes`
    .split(/\s+/)
    .filter(Boolean),
);

/** Terms Dutch interface text uses (loanwords and names); never flagged, whatever rule they would hit. */
export const DUTCH_TERMS = new Set(
  `ticket tickets e-mail e-mailadres webhook webhooks sla token tokens account accounts dashboard platform platforms handle online live app tag tags
   status filters filter review reviews bearer oauth url urls api id ids iphone eid ios bullmq wcag axe-core facebook messenger instagram linkedin
   whatsapp youtube google x imap smtp urn emoji chat`
    .split(/\s+/)
    .filter(Boolean),
);

/** Proper names that contain English words (the standard's name). */
const ALLOWED_PHRASES = ['Web Content Accessibility Guidelines'];

const TOP_LEVEL_DOMAINS = 'be|com|org|net|eu|nl|fr|de|io|app|dev|local|test|invalid|vlaanderen|brussels|info|gov';

/** Interface text without the data a screen may show as it is. */
function withoutData(text: string): string {
  let rest = text;
  for (const phrase of ALLOWED_PHRASES) rest = rest.split(phrase).join(' ');
  return rest
    .replace(/https?:\/\/\S+/g, ' ')
    .replace(/\b[\w-]+\.(?:jpe?g|png|gif|webp|pdf|mp4|mov|docx?|xlsx?|csv|txt)\b/gi, ' ')
    .replace(/[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g, ' ')
    .replace(/\bwww\.\S+/g, ' ')
    .replace(new RegExp(`\\b[\\w-]+(?:\\.[\\w-]+)*\\.(?:${TOP_LEVEL_DOMAINS})\\b`, 'g'), ' ')
    .replace(/@[\w.]+/g, ' ')
    .replace(/\{\{\s*[\w.]+\s*\}\}/g, ' ')
    .replace(/\b[A-Z][a-z]+\/[A-Za-z_]+(?:\/[A-Za-z_]+)*/g, ' ');
}

/** What is wrong with one text on a Dutch screen; [] when nothing is. */
export function englishOrRawKeys(text: string): string[] {
  const found: string[] = [];
  const flag = (rule: string, match: string) => {
    if (!DUTCH_TERMS.has(match.toLowerCase())) found.push(`${rule} "${match}"`);
  };
  // an audit-log actor as stored, before its e-mail address is taken out as data
  const actors = /\buser:\S*|\bapi-token\b/g;
  for (const m of text.matchAll(actors)) flag('actor', m[0]);
  const rest = withoutData(text.replace(actors, ' '));
  for (const m of rest.matchAll(/\b[a-z][a-z0-9]*(?:_[a-z0-9]+)*(?:\.[a-z][a-z0-9]*(?:_[a-z0-9]+)*)+\b/g)) {
    // every segment at least two letters: abbreviations such as "o.a." or "bv." are Dutch
    if (m[0].split('.').every((segment) => segment.length >= 2)) flag('raw key', m[0]);
  }
  for (const m of rest.matchAll(/\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b/g)) flag('raw key', m[0]);
  for (const m of rest.matchAll(/\b[a-z]+[A-Z][A-Za-z]*\b/g)) flag('raw key', m[0]);
  for (const m of rest.matchAll(/(?<!\{)\{[A-Za-z]+\}(?!\})/g)) flag('unfilled placeholder', m[0]);
  for (const m of rest.matchAll(/\b(undefined|null|NaN)\b|\[object Object\]/g)) flag('raw value', m[0]);
  for (const m of rest.matchAll(/\b[A-Z][A-Za-z]*(?:Error|Exception)\b/g)) flag('class name', m[0]);
  for (const m of rest.matchAll(/\bE[A-Z][A-Z_]{2,}\b/g)) flag('error code', m[0]);
  // whole words only: the `due` of `due_soon` is the raw key's, not an English word of its own
  for (const m of rest.matchAll(/\b[A-Za-z]+(?:'[a-z]+)?\b/g)) {
    if (ENGLISH.has(m[0].toLowerCase())) flag('English', m[0]);
  }
  return [...new Set(found)];
}

/** A text the page shows, and where (the nearest landmark, heading or test id, for the report). */
export interface ShownText {
  text: string;
  where: string;
}

/**
 * Every text of the page a user reads or hears, collected in the browser. Evaluated as a string:
 * the test runs in Node, whose type library has no DOM.
 */
const COLLECT = `(() => {
  const shown = [];
  const dutch = (el) => { const marked = el.closest('[lang]'); return !marked || marked.getAttribute('lang').startsWith('nl'); };
  const visible = (el) => el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true });
  const where = (el) => {
    const named = el.closest('[data-testid],[id],section,form,nav,header,main,dialog,[role=dialog]');
    if (!named) return el.tagName.toLowerCase();
    return named.tagName.toLowerCase() + (named.id ? '#' + named.id : '') + (named.dataset && named.dataset.testid ? '[data-testid=' + named.dataset.testid + ']' : '');
  };
  const add = (text, el) => {
    const clean = (text || '').replace(/\\s+/g, ' ').trim();
    if (clean) shown.push({ text: clean, where: where(el) });
  };
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!el || el.closest('script,style,template,noscript,option')) continue;
    if (!visible(el) || !dutch(el)) continue;
    add(node.textContent, el);
  }
  for (const el of document.body.querySelectorAll('[aria-label],[title],[placeholder],img[alt]')) {
    if (!visible(el) || !dutch(el)) continue;
    for (const name of ['aria-label', 'title', 'placeholder', 'alt']) if (el.hasAttribute(name)) add(el.getAttribute(name), el);
  }
  for (const select of document.body.querySelectorAll('select')) {
    if (!visible(select) || !dutch(select)) continue;
    const chosen = select.selectedOptions[0];
    if (chosen && dutch(chosen)) add(chosen.textContent, select);
  }
  return shown;
})()`;

/** Each finding once, with where it was seen: [] when the screen is Dutch. */
export async function dutchProblems(page: Page): Promise<string[]> {
  const shown = (await page.evaluate(COLLECT)) as ShownText[];
  const problems = new Map<string, string>();
  for (const { text, where } of shown) {
    for (const finding of englishOrRawKeys(text)) {
      if (!problems.has(finding)) problems.set(finding, `${finding} in ${where}: ${text.length > 140 ? `${text.slice(0, 140)}…` : text}`);
    }
  }
  return [...problems.values()];
}

/** The page scrolls sideways: the document is wider than the window (px), or null. */
export async function horizontalOverflow(page: Page): Promise<string | null> {
  const sizes = (await page.evaluate(
    `(() => {
      const doc = document.documentElement;
      const wide = [];
      if (doc.scrollWidth > doc.clientWidth + 1) {
        for (const el of document.body.querySelectorAll('*')) {
          const box = el.getBoundingClientRect();
          if (box.width > 0 && box.right > doc.clientWidth + 1 && el.checkVisibility()) {
            const parentBox = el.parentElement ? el.parentElement.getBoundingClientRect() : null;
            if (!parentBox || parentBox.right <= doc.clientWidth + 1) wide.push(el.tagName.toLowerCase() + (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : '') + ' (' + Math.round(box.right) + 'px)');
          }
        }
      }
      return { scroll: doc.scrollWidth, client: doc.clientWidth, wide: wide.slice(0, 5) };
    })()`,
  )) as { scroll: number; client: number; wide: string[] };
  return sizes.scroll > sizes.client + 1 ? `${sizes.scroll}px wide in a ${sizes.client}px window; sticking out: ${sizes.wide.join(', ')}` : null;
}
