import { createHash } from 'node:crypto';
import { Document, isMap, isSeq } from 'yaml';
import { platformName, type Platform } from '../../connectors/platforms.js';
import type { ChannelConfig, EntityConfig } from '../config/schema.js';

/**
 * The whole Flemish government as one installation: an entities file made from
 * ../shared/data/flemish-entities.json (the Flemish Parliament's answer to written question 97 of
 * 2020). One entity per entry, one channel per platform it names, and per-entity policies from how
 * the entry says it treats complaints on social media. Pure: the script writes the file.
 */

export interface GovernmentRecord {
  name: string;
  short: string | null;
  id: string;
  minister: string;
  platforms: string[];
  accounts: Record<string, string[]>;
  interacts: 'yes' | 'limited' | 'no';
  social_complaints: 'registered' | 'referred' | 'not-registered' | 'none-received' | 'not-applicable' | 'mixed' | 'unspecified';
  tools: string[];
}

/** The data's platform names → ours; pinterest has no connector and is left out (said in the file). */
const PLATFORM_OF: Record<string, Platform | undefined> = {
  facebook: 'facebook',
  messenger: 'messenger',
  x: 'x',
  instagram: 'instagram',
  linkedin: 'linkedin',
  youtube: 'youtube',
  whatsapp: 'whatsapp',
  'google-business': 'google',
};

/**
 * How often a channel is polled, by how much the entity answers citizens there: a channel that
 * is only watched need not draw as much from the app's rate budget as a busy webcare channel.
 */
const POLL_SECONDS: Record<GovernmentRecord['interacts'], number> = { yes: 60, limited: 120, no: 300 };

/**
 * Complaint policy from `social_complaints`. Entities that register social-media complaints route
 * them and ask the citizen for the details at once; those that refer people to the official
 * channel point them to the complaint form; where handling depends on the case, an agent decides
 * (no automatic intake); entities that do not take complaints in this way route only clear ones.
 */
function complaintPolicy(record: GovernmentRecord): Pick<EntityConfig, 'complaintThreshold' | 'complaintIntake'> {
  switch (record.social_complaints) {
    case 'registered':
      return { complaintThreshold: 0.5, complaintIntake: { auto: true, mode: 'ask_details' } };
    case 'referred':
      return { complaintThreshold: 0.5, complaintIntake: { auto: true, mode: 'point_to_form' } };
    case 'mixed':
      return { complaintThreshold: 0.6, complaintIntake: { auto: false, mode: 'ask_details' } };
    default:
      return { complaintThreshold: 0.7, complaintIntake: { auto: false, mode: 'point_to_form' } };
  }
}

/** A stable number of `digits` digits for an account id the data does not give (the demo's emulators answer to it). */
function placeholderNumber(seed: string, digits: number): string {
  const hex = createHash('sha256').update(seed).digest('hex').slice(0, 15);
  return (BigInt(`0x${hex}`) % 10n ** BigInt(digits - 1) + 10n ** BigInt(digits - 1)).toString();
}

/** The account keys each platform's channel names (its descriptor's required keys), from the data's handle where it gives one. */
function accountOf(record: GovernmentRecord, platform: Platform, dataName: string): Record<string, string> {
  const seed = `${record.id}:${platform}`;
  const handle = record.accounts[dataName]?.[0];
  switch (platform) {
    case 'x':
      return { userId: placeholderNumber(seed, 10), ...(handle ? { handle } : {}) };
    case 'facebook':
    case 'messenger':
      // Messenger is the same Page's inbox: one page id for both.
      return { pageId: placeholderNumber(`${record.id}:page`, 15) };
    case 'instagram':
      return { igUserId: `1784${placeholderNumber(seed, 13)}`, ...(handle ? { username: handle } : {}) };
    case 'linkedin':
      return { organizationUrn: `urn:li:organization:${placeholderNumber(seed, 8)}` };
    case 'youtube':
      return { channelId: handle ?? `UC${createHash('sha256').update(seed).digest('base64url').slice(0, 22)}` };
    case 'whatsapp':
      return { phoneNumberId: placeholderNumber(seed, 15) };
    case 'google':
      return { accountId: placeholderNumber(`${seed}:account`, 10), locationId: placeholderNumber(`${seed}:location`, 10) };
    default:
      return {};
  }
}

/** A short name for channel and coordinator labels: the abbreviation, or the name up to its first dash or comma. */
function labelOf(record: GovernmentRecord): string {
  return record.short ?? record.name.split(/ – |, /)[0]!;
}

function channelsOf(record: GovernmentRecord): ChannelConfig[] {
  const label = labelOf(record);
  return record.platforms.flatMap((dataName) => {
    const platform = PLATFORM_OF[dataName];
    if (!platform) return [];
    const account = accountOf(record, platform, dataName);
    const handle = account.handle ?? account.username;
    return [
      {
        id: `${record.id}-${platform}`,
        platform,
        name: `${label} – ${platformName(platform)}${handle ? ` @${handle}` : ''}`,
        account,
        credentials: {},
        pollIntervalSeconds: POLL_SECONDS[record.interacts],
        enabled: true,
        credentialsManagedInApp: true,
      },
    ];
  });
}

export function governmentEntities(records: readonly GovernmentRecord[]): EntityConfig[] {
  return records.map((record) => ({
    id: record.id,
    name: record.short ? `${record.short} – ${record.name}` : record.name,
    coordinator: { name: `Klachtencoördinator ${labelOf(record)}`, email: `klachten@${record.id}.example.org` },
    ...complaintPolicy(record),
    timeZone: 'Europe/Brussels',
    channels: channelsOf(record),
  })) as EntityConfig[];
}

const HEADER = `Generated by \`npm run government:config\` from ../shared/data/flemish-entities.json (Flemish
Parliament, written question 97 of 2020): the whole Flemish government as one installation.
Do not edit by hand; change the generator (src/demo/government-config.ts) and run it again.

One entity per entry (63), one channel per platform the entry names (Pinterest has no connector).
Policies from the data: complaints on social media registered → routed at 0.5 and the citizen asked
for the details; referred → routed, the citizen pointed to the complaint form; mixed → routed at
0.6, an agent decides on the intake; otherwise → only clear complaints (0.7), no automatic intake.
Poll interval by how much the entity answers there: yes 60 s, limited 120 s, no 300 s.
Account ids are placeholders (handles from the data where it gives them) that the demo's emulators
answer to; coordinator addresses are example.org. Tokens are connected in the app.
Run it in demo mode, on the emulators: npm run inbox -- start --government`;

/** The entities file as YAML, each entity under a comment that says where its policies come from. */
export function governmentYaml(records: readonly GovernmentRecord[]): string {
  const entities = governmentEntities(records);
  // Defaults the schema fills in are left out of the file.
  const plain = entities.map((entity) => ({
    ...entity,
    channels: entity.channels.map((channel) => Object.fromEntries(Object.entries(channel).filter(([key]) => key !== 'credentials' && key !== 'enabled'))),
  }));
  const doc = new Document({ entities: plain });
  doc.commentBefore = HEADER.split('\n').map((line) => ` ${line}`).join('\n');
  const list = doc.get('entities');
  if (isSeq(list)) {
    list.items.forEach((item, i) => {
      const record = records[i]!;
      const skipped = record.platforms.filter((p) => !PLATFORM_OF[p]);
      if (isMap(item)) {
        item.commentBefore = [
          ` ${record.minister}; answers on social media: ${record.interacts}; complaints there: ${record.social_complaints}`,
          ...(record.tools.length ? [` registers in: ${record.tools.join(', ')}`] : []),
          ...(skipped.length ? [` not connected (no connector): ${skipped.join(', ')}`] : []),
          ...(record.platforms.length ? [] : [' the answer names no platform: no channels']),
        ].join('\n');
      }
    });
  }
  return doc.toString({ lineWidth: 0, flowCollectionPadding: false });
}
