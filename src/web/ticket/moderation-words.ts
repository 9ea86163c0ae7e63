/**
 * Words for moderation on the platform (issue 17), Dutch and English: the buttons, what each action
 * does on the platform (said before it is done), and what became of the last request.
 */
import type { ModerationAction, ModerationState } from '../api/index.js';

type Lang = 'nl' | 'en';

interface Words {
  group: string;
  actions: Record<ModerationAction, string>;
  /** What will happen on the platform; {platform} is its name. */
  consequences: Record<ModerationAction, string>;
  confirm: string;
  cancel: string;
  states: Record<Exclude<ModerationState, 'visible'>, string> & { visible: string };
  /** "{state} op {platform} door {who} om {when}". */
  done: (state: string, platform: string, who: string, when: string) => string;
  byPolicy: (flag: string | null) => string;
  flags: Record<string, string>;
  pending: (action: string, platform: string) => string;
  failed: (action: string, platform: string) => string;
  reconnect: string;
  refused: string;
  technicalDetails: string;
  requested: (action: string, platform: string) => string;
  /** The entity's moderation policy in the admin's entity settings. */
  policyTitle: string;
  policyIntro: string;
  policyFlags: Record<string, string>;
  policySave: string;
  policySaved: string;
}

const nl: Words = {
  group: 'Moderatie',
  actions: { hide: 'Verbergen', unhide: 'Zichtbaar maken', hold: 'Ter beoordeling vasthouden', reject: 'Afwijzen', publish: 'Publiceren', delete: 'Verwijderen' },
  consequences: {
    hide: 'Deze reactie wordt op {platform} verborgen: alleen de schrijver en diens vrienden zien ze nog. Je kan dit later ongedaan maken.',
    unhide: 'Deze reactie wordt op {platform} opnieuw voor iedereen zichtbaar.',
    hold: 'Deze reactie wordt op {platform} ter beoordeling vastgehouden en is niet meer openbaar tot ze opnieuw gepubliceerd wordt.',
    reject: 'Deze reactie wordt op {platform} afgewezen en verdwijnt uit beeld, samen met de antwoorden erop. Publiceren maakt dit ongedaan.',
    publish: 'Deze reactie wordt op {platform} opnieuw gepubliceerd voor iedereen.',
    delete: 'Deze reactie wordt op {platform} definitief verwijderd. Dat kan niet ongedaan gemaakt worden; de tekst blijft in dit ticket bewaard.',
  },
  confirm: 'Bevestigen',
  cancel: 'Annuleren',
  states: { hidden: 'Verborgen', held: 'Ter beoordeling vastgehouden', rejected: 'Afgewezen', deleted: 'Verwijderd', visible: 'Opnieuw zichtbaar' },
  done: (state, platform, who, when) => `${state} op ${platform} door ${who} om ${when}`,
  byPolicy: (flag) => (flag ? `het moderatiebeleid (${nl.flags[flag] ?? flag})` : 'het moderatiebeleid'),
  flags: { insult: 'belediging', hate: 'haatboodschap', threat: 'bedreiging', spam: 'spam', personal_data: 'persoonsgegevens' },
  pending: (action, platform) => `${action} op ${platform} wordt uitgevoerd…`,
  failed: (action, platform) => `${action} op ${platform} is niet gelukt.`,
  reconnect: 'Het kanaal moet opnieuw verbonden worden.',
  refused: 'Het platform weigerde het verzoek.',
  technicalDetails: 'Technische details',
  requested: (action, platform) => `${action} op ${platform} aangevraagd.`,
  policyTitle: 'Automatische moderatie',
  policyIntro:
    'Berichten met de aangevinkte kenmerken worden op het platform verborgen zonder tussenkomst van een persoon, waar het platform dat toelaat, en kunnen opnieuw zichtbaar gemaakt worden.',
  policyFlags: { insult: 'Beledigingen', hate: 'Haatboodschappen', threat: 'Bedreigingen', spam: 'Spam', personal_data: 'Gedeelde persoonsgegevens' },
  policySave: 'Moderatiebeleid opslaan',
  policySaved: 'Moderatiebeleid opgeslagen.',
};

const en: Words = {
  group: 'Moderation',
  actions: { hide: 'Hide', unhide: 'Unhide', hold: 'Hold for review', reject: 'Reject', publish: 'Publish', delete: 'Delete' },
  consequences: {
    hide: 'This comment will be hidden on {platform}: only its author and their friends will still see it. You can undo this later.',
    unhide: 'This comment will be visible to everyone on {platform} again.',
    hold: 'This comment will be held for review on {platform} and is no longer public until it is published again.',
    reject: 'This comment will be rejected on {platform} and disappear from view, with the replies to it. Publishing undoes this.',
    publish: 'This comment will be published on {platform} for everyone again.',
    delete: 'This comment will be deleted on {platform} for good. This cannot be undone; the text stays in this ticket.',
  },
  confirm: 'Confirm',
  cancel: 'Cancel',
  states: { hidden: 'Hidden', held: 'Held for review', rejected: 'Rejected', deleted: 'Deleted', visible: 'Visible again' },
  done: (state, platform, who, when) => `${state} on ${platform} by ${who} at ${when}`,
  byPolicy: (flag) => (flag ? `the moderation policy (${en.flags[flag] ?? flag})` : 'the moderation policy'),
  flags: { insult: 'insult', hate: 'hate', threat: 'threat', spam: 'spam', personal_data: 'personal data' },
  pending: (action, platform) => `${action} on ${platform} in progress…`,
  failed: (action, platform) => `${action} on ${platform} did not succeed.`,
  reconnect: 'The channel needs to be reconnected.',
  refused: 'The platform refused the request.',
  technicalDetails: 'Technical details',
  requested: (action, platform) => `${action} on ${platform} requested.`,
  policyTitle: 'Automatic moderation',
  policyIntro: 'Messages with the flags ticked are hidden on the platform without a person, where the platform allows it, and can be made visible again.',
  policyFlags: { insult: 'Insults', hate: 'Hate', threat: 'Threats', spam: 'Spam', personal_data: 'Posted personal data' },
  policySave: 'Save moderation policy',
  policySaved: 'Moderation policy saved.',
};

export function moderationWords(lang: Lang): Words {
  return lang === 'en' ? en : nl;
}
