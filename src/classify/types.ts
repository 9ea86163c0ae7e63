import type { Category } from '../tickets/ticket.js';

export type ModerationFlag = 'insult' | 'hate' | 'threat' | 'spam' | 'personal_data';

export interface Classification {
  category: Category;
  /** 0..1: how sure the classifier is of the category. */
  confidence: number;
  /** Short reasons an agent can read. */
  signals: string[];
  flags: ModerationFlag[];
  lang: string | undefined;
  /** The model's probability of every category, before the hard rules (absent when there is no text). */
  scores?: Record<Category, number>;
}

export interface ClassifyHints {
  /** Language the platform reported, used when the text is too short to tell. */
  lang?: string;
  platform?: string;
}
