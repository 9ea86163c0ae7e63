import type { XEmulator } from '../../connectors/x/emulator.js';

export const BENCH_ACCOUNT = { userId: '1001', handle: 'delijn', token: 'bench-token' };

const TEXTS = [
  '@delijn wanneer rijdt lijn 4 terug normaal?',
  '@delijn bus 45 reed om 7u42 door aan halte Gent Sint-Pieters, schandalig',
  '@delijn ik wil een klacht indienen over de chauffeur van lijn 21',
  '@delijn merci aan de chauffeur van tram 1!',
  "@delijn le bus 136 n'est jamais passé ce matin",
  '@delijn how do I buy a ticket for the coast tram?',
];

export function seedBenchMentions(emulator: XEmulator, messages: number): void {
  // A realistic mix: most citizens write once, some reply in their own thread.
  let lastRoot = '';
  for (let i = 0; i < messages; i++) {
    const author = String(700_000 + (i % Math.floor(messages * 0.7)));
    const reply = i % 5 === 4 && lastRoot;
    const id = emulator.addMention({
      toUserId: BENCH_ACCOUNT.userId,
      authorId: author,
      username: `citizen${author}`,
      text: `${TEXTS[i % TEXTS.length]} (#${i})`,
      lang: 'nl',
      ...(reply ? { inReplyToTweetId: lastRoot } : {}),
    });
    if (!reply) lastRoot = id;
  }
}
