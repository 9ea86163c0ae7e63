/** Codes of the API as words of the interface: never the code itself on a screen. */
import type { Dictionary } from '../i18n.js';

/** The message kind: dm → privébericht; an unknown kind a neutral "bericht". */
export function kindWord(t: Dictionary, kind: string | null | undefined): string {
  return (kind && t.work.messageKinds[kind]) || t.work.messageKindOther;
}

/**
 * Who did something, as the ticket's history names them: people by name (the API resolves them),
 * the system and the API token in words, an account that no longer resolves as "a user".
 */
export function actorWord(t: Dictionary, actor: string): string {
  if (actor === 'system' || actor.startsWith('system:')) return t.work.actorSystem;
  if (actor === 'token' || actor === 'api' || actor.startsWith('token:')) return t.work.actorApi;
  if (actor.startsWith('user:')) return t.work.actorFormer;
  return actor;
}

/**
 * How a contact is named: their name with the handle beside it, or the handle alone (with its @)
 * when the platform gave no other name; `nobody` when neither is known.
 */
export function contactNames(contact: { name: string | null; handle: string | null }, nobody: string): { name: string; handle: string | null } {
  const handle = contact.handle ? `@${contact.handle}` : null;
  if (contact.name && contact.name !== contact.handle) return { name: contact.name, handle };
  return { name: handle ?? contact.name ?? nobody, handle: null };
}

/** Up to two letters for an initials avatar: first and last word ("An Peeters" → AP), or a single word's first two. */
export function initials(name: string): string {
  const words = name
    .replace(/^@/, '')
    .split(/[\s._-]+/)
    .filter((word) => /\p{L}|\p{N}/u.test(word));
  if (words.length === 0) return '?';
  const first = [...words[0]!][0] ?? '';
  const last = words.length > 1 ? ([...words[words.length - 1]!][0] ?? '') : ([...words[0]!][1] ?? '');
  return (first + last).toUpperCase();
}

/**
 * An attachment's kind as a word: the platform's type when the dictionary knows it (photo, video…),
 * otherwise read from a MIME type (e-mail gives those: image/png → afbeelding), else "bestand".
 */
export function attachmentWord(t: Dictionary, type: string, mimeType?: string): string {
  // "file" says least: a MIME type may say more
  const known = type === 'file' && mimeType ? undefined : t.work.attachmentTypes[type];
  if (known) return known;
  const mime = (mimeType ?? (type.includes('/') ? type : '')).toLowerCase();
  const family = mime.split('/')[0] ?? '';
  if (family === 'image' || family === 'video' || family === 'audio') return t.work.attachmentTypes[family === 'audio' ? 'audio' : family]!;
  if (mime === 'application/pdf' || mime.startsWith('application/vnd') || mime.startsWith('application/msword') || mime.startsWith('text/')) return t.work.attachmentTypes.document!;
  return t.work.attachmentTypes.file!;
}
