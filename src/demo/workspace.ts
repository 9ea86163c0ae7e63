import { hashPassword } from '../accounts/passwords.js';
import type { Role } from '../accounts/roles.js';
import { createCannedResponse, listCannedResponses, type CannedLanguage } from '../tickets/canned-responses.js';
import type { Db } from '../db/db.js';
import { createUser, findByEmail } from '../accounts/users.js';

/** Demo mode's logins, one per role, each for every demo entity. */
export const DEMO_PASSWORD = 'demo-inbox-2026';
export const DEMO_USERS: ReadonlyArray<{ email: string; name: string; role: Role }> = [
  { email: 'admin@demo.local', name: 'Demo beheerder', role: 'admin' },
  { email: 'agent@demo.local', name: 'Demo webcare', role: 'agent' },
  { email: 'coordinator@demo.local', name: 'Demo klachtencoördinator', role: 'coordinator' },
];

/** Colleagues on the communication team: the backlog's tickets are theirs too (they log in with the same password). */
export const DEMO_COLLEAGUES: ReadonlyArray<{ email: string; name: string; role: Role }> = [
  { email: 'sara@demo.local', name: 'Sara Wuyts', role: 'agent' },
  { email: 'mehdi@demo.local', name: 'Mehdi Haddad', role: 'agent' },
];

/** Who works the demo's backlog: the agent login, the colleagues and (now and then) the admin. */
export const DEMO_TEAM: ReadonlyArray<{ email: string; name: string }> = [
  DEMO_USERS[1]!,
  DEMO_COLLEAGUES[0]!,
  DEMO_USERS[1]!,
  DEMO_COLLEAGUES[1]!,
  DEMO_USERS[0]!,
];

/**
 * Canned responses a communication team starts with. Public texts never ask for personal details:
 * the complaint one invites the citizen to a private message, where the intake asks for them.
 */
const CANNED: Record<CannedLanguage, Array<{ title: string; body: string }>> = {
  nl: [
    { title: 'Bedankt, we zoeken het uit', body: 'Dag {{contact.name}}, bedankt voor je bericht. We zoeken het uit en laten je zo snel mogelijk iets weten. Groeten, {{agent.name}} ({{entity.name}})' },
    { title: 'Klacht: verder in privébericht', body: 'Dag {{contact.name}}, vervelend dat dit gebeurd is. We behandelen dit graag als klacht: stuur ons een privébericht, dan nemen we het daar verder op. {{entity.name}}' },
    { title: 'Opgelost', body: 'Dag {{contact.name}}, het probleem is ondertussen opgelost. Bedankt om het te melden! {{agent.name}}' },
  ],
  fr: [
    { title: 'Merci, nous vérifions', body: 'Bonjour {{contact.name}}, merci pour votre message. Nous vérifions et revenons vers vous dès que possible. {{agent.name}} ({{entity.name}})' },
    { title: 'Plainte : suite en message privé', body: 'Bonjour {{contact.name}}, nous sommes désolés. Nous traitons volontiers ceci comme une plainte : envoyez-nous un message privé pour la suite. {{entity.name}}' },
  ],
  en: [
    { title: 'Thanks, we are looking into it', body: 'Hi {{contact.name}}, thank you for your message. We are looking into it and will get back to you soon. {{agent.name}} ({{entity.name}})' },
    { title: 'Complaint: continue in a private message', body: 'Hi {{contact.name}}, sorry to hear this. We will gladly handle this as a complaint: please send us a private message to continue. {{entity.name}}' },
  ],
};

/** Users and canned responses for demo mode, created once (a restart keeps what the demo user changed). */
export async function seedDemoWorkspace(db: Db, entityIds: string[]): Promise<void> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  for (const user of [...DEMO_USERS, ...DEMO_COLLEAGUES]) {
    if (await findByEmail(db, user.email)) continue;
    await createUser(db, { ...user, entities: entityIds, passwordHash });
  }
  for (const entity of entityIds) {
    if ((await listCannedResponses(db, { entities: [entity] })).length > 0) continue;
    for (const [lang, responses] of Object.entries(CANNED) as Array<[CannedLanguage, (typeof CANNED)[CannedLanguage]]>) {
      for (const response of responses) await createCannedResponse(db, { entity, lang, ...response, actor: 'demo' });
    }
  }
}
