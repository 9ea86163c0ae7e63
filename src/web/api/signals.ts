/** Topic spikes of my entities (issue 17): the banner, the dashboard's card, acknowledge and dismiss. */
import type { z } from 'zod';
import type { signalListWire, signalWire } from '../../signals/wire.js';
import type { Client } from './client.js';

export type Signal = z.input<typeof signalWire>;
export type SignalList = z.input<typeof signalListWire>;

export function signalCalls({ request }: Client) {
  return {
    signals: (options: { active?: boolean; days?: number } = {}) =>
      request<SignalList>('GET', `/api/signals?days=${options.days ?? 7}&active=${options.active ? 'true' : 'false'}`),
    acknowledgeSignal: (id: number) => request<Signal>('POST', `/api/signals/${id}/acknowledge`),
    dismissSignal: (id: number) => request<Signal>('POST', `/api/signals/${id}/dismiss`),
  };
}
