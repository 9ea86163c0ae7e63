import { useState } from 'react';
import { useApi } from '../api/index.js';
import { useT } from '../dictionary.js';
import { useResource } from '../useResource.js';

const LANGS = ['nl', 'fr', 'en'] as const;

/** Canned responses of the ticket's entity, rendered for this ticket by the API; picking one inserts its text. */
export function CannedPicker({ ticketId, onPick }: { ticketId: number; onPick: (text: string) => void }) {
  const t = useT();
  const api = useApi();
  const [lang, setLang] = useState<(typeof LANGS)[number]>('nl');
  const canned = useResource(() => api.ticketCannedResponses(ticketId, lang).catch(() => ({ items: [] })), [ticketId, lang], { resetOnChange: true });
  const items = canned.data?.items ?? null;

  return (
    <div className="canned" role="group" aria-label={t.work.cannedResponses}>
      <label className="inline">
        <span>{t.work.cannedPick}</span>
        <select
          name="canned"
          value=""
          disabled={!items || items.length === 0}
          onChange={(event) => {
            const picked = items?.find((item) => String(item.id) === event.target.value);
            if (picked) onPick(picked.text);
          }}
        >
          <option value="">{items && items.length === 0 ? t.work.cannedNone : '—'}</option>
          {items?.map((item) => (
            <option key={item.id} value={String(item.id)}>
              {item.title}
            </option>
          ))}
        </select>
      </label>
      <label className="inline">
        <span className="visually-hidden">{t.language}</span>
        <select name="cannedLang" value={lang} onChange={(event) => setLang(event.target.value as (typeof LANGS)[number])} aria-label={`${t.work.cannedResponses}: ${t.language}`}>
          {LANGS.map((code) => (
            <option key={code} value={code}>
              {code.toUpperCase()}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}
