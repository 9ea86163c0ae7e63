import { z } from 'zod';
import { DEFAULT_SPIKE_SETTINGS, type SpikeSettings } from './spike-rules.js';

/**
 * An entity's `signals` in the configuration file (entities.yaml), kept in entities.settings: where
 * the mail about a spike goes (the competent service), in which language, and the thresholds when
 * the defaults do not suit the entity's volume.
 */
export const entitySignalsSchema = z.strictObject({
  /** Detection is on unless this says false. */
  enabled: z.boolean().optional(),
  /** The service told about spikes; without it there is no mail, only the banner and the dashboard. */
  email: z.email().optional(),
  language: z.enum(['nl', 'en']).optional(),
  windowMinutes: z.number().int().min(10).max(24 * 60).optional(),
  baselineDays: z.number().int().min(1).max(60).optional(),
  minCount: z.number().int().min(3).optional(),
  minRatio: z.number().min(1).optional(),
  maxPValue: z.number().gt(0).max(0.1).optional(),
});
export type EntitySignals = z.infer<typeof entitySignalsSchema>;

export interface SignalSettings {
  enabled: boolean;
  email: string | undefined;
  language: 'nl' | 'en';
  spike: SpikeSettings;
}

/** The entity's settings as stored (possibly absent or from an older file), with the defaults filled in. */
export function signalSettingsOf(stored: unknown): SignalSettings {
  const parsed = entitySignalsSchema.safeParse(stored ?? {});
  const own: EntitySignals = parsed.success ? parsed.data : {};
  return {
    enabled: own.enabled !== false,
    email: own.email,
    language: own.language ?? 'nl',
    spike: {
      windowMinutes: own.windowMinutes ?? DEFAULT_SPIKE_SETTINGS.windowMinutes,
      baselineDays: own.baselineDays ?? DEFAULT_SPIKE_SETTINGS.baselineDays,
      minCount: own.minCount ?? DEFAULT_SPIKE_SETTINGS.minCount,
      minRatio: own.minRatio ?? DEFAULT_SPIKE_SETTINGS.minRatio,
      maxPValue: own.maxPValue ?? DEFAULT_SPIKE_SETTINGS.maxPValue,
    },
  };
}
