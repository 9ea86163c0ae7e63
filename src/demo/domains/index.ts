import type { EntityDomain } from '../domain.js';
import { DE_LIJN } from './de-lijn.js';
import { LANTIS } from './lantis.js';
import { MDK } from './mdk.js';
import { NATUUR_BOS } from './natuur-bos.js';
import { SYNTRA } from './syntra.js';
import { VDAB } from './vdab.js';
import { WATERGROEP } from './watergroep.js';
import { WEGEN_VERKEER } from './wegen-verkeer.js';
import { WSE } from './wse.js';

/**
 * The demo entities and how much each hears from citizens: out of every 25 messages, De Lijn gets
 * 5, VDAB 4, and so on (a busy transport company hears more than a policy department).
 */
export const DEMO_DOMAINS: ReadonlyArray<{ domain: EntityDomain; weight: number }> = [
  { domain: DE_LIJN, weight: 5 },
  { domain: VDAB, weight: 4 },
  { domain: WEGEN_VERKEER, weight: 3 },
  { domain: NATUUR_BOS, weight: 3 },
  { domain: WATERGROEP, weight: 3 },
  { domain: LANTIS, weight: 2 },
  { domain: MDK, weight: 2 },
  { domain: SYNTRA, weight: 2 },
  { domain: WSE, weight: 1 },
];

export function domainOf(entity: string): EntityDomain {
  const found = DEMO_DOMAINS.find((d) => d.domain.entity === entity);
  if (!found) throw new Error(`no demo texts for entity ${entity}`);
  return found.domain;
}
