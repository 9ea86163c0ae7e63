import type { Classification } from '../classify/types.js';

export const POSSIBLE_COMPLAINT = 'possible complaint: below the entity threshold, an agent decides';

/**
 * Coordinators only receive complaints the classifier is sure enough of. Below the entity's
 * threshold the message is tagged dissatisfaction and flagged, so an agent decides.
 */
export function applyComplaintThreshold(verdict: Classification, threshold: number): Classification {
  if (verdict.category !== 'complaint' || verdict.confidence >= threshold) return verdict;
  return { ...verdict, category: 'dissatisfaction', signals: [...verdict.signals, POSSIBLE_COMPLAINT] };
}
