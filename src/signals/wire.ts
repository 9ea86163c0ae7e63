import { z } from 'zod';
import type { SignalRow } from './sql.js';

/** A topic signal as the API and the app see it, with its explanation: which tickets, compared with what baseline. */
export const signalWire = z.object({
  id: z.number(),
  entity: z.string(),
  entityName: z.string(),
  phrase: z.string(),
  /** Phrases of the same messages, merged into this signal. */
  related: z.array(z.string()),
  windowStart: z.string(),
  windowEnd: z.string(),
  messageCount: z.number(),
  /** Messages on the topic in the baselineDays before the window. */
  baselineCount: z.number(),
  baselineDays: z.number(),
  /** What a window of this length holds at the baseline's rate. */
  expected: z.number(),
  ratio: z.number(),
  pValue: z.number(),
  status: z.enum(['open', 'acknowledged', 'dismissed']),
  /** Who acknowledged or dismissed it: a person's name, or the actor as the audit log has it. */
  handledBy: z.string().nullable(),
  handledAt: z.string().nullable(),
  /** When the topic fell back to its usual volume; null while the spike lasts. */
  endedAt: z.string().nullable(),
  createdAt: z.string(),
  tickets: z.array(z.object({ id: z.number(), number: z.number() })),
});
export type SignalWire = z.infer<typeof signalWire>;

export const signalListWire = z.object({ items: z.array(signalWire) });

export const detectionWire = z.object({
  raised: z.array(z.number()),
  ended: z.array(z.number()),
  /** False while older messages are still being indexed: run again (detection waits for them). */
  caughtUp: z.boolean(),
});

export function toSignalWire(s: SignalRow): SignalWire {
  const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
  return {
    id: s.id,
    entity: s.entityId,
    entityName: s.entityName,
    phrase: s.phrase,
    related: s.related,
    windowStart: new Date(s.windowStart).toISOString(),
    windowEnd: new Date(s.windowEnd).toISOString(),
    messageCount: s.messageCount,
    baselineCount: s.baselineCount,
    baselineDays: s.baselineDays,
    expected: s.expected,
    ratio: s.ratio,
    pValue: s.pValue,
    status: s.status,
    handledBy: s.handledBy,
    handledAt: iso(s.handledAt),
    endedAt: iso(s.endedAt),
    createdAt: new Date(s.createdAt).toISOString(),
    tickets: s.tickets,
  };
}
