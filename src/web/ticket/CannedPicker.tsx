import { useEffect, useState } from 'react';
import { api, type CannedResponse } from '../api.js';
import type { Dictionary } from '../i18n.js';

const LANGS = ['nl', 'fr', 'en'] as const;

/** Canned responses of the ticket's entity, rendered for this ticket by the API; picking one inserts its text. */
export function CannedPicker({ t, ticketId, onPick }: { t: Dictionary; ticketId: number; onPick: (text: string) => void }) {
  const [lang, setLang] = useState<(typeof LANGS)[number]>('nl');
  const [items, setItems] = useState<CannedResponse[] | null>(null);

  useEffect(() => {
    let current = true;
    setItems(null);
    api.cannedResponses(ticketId, lang).then(
      (result) => current && setItems(result.items),
      () => current && setItems([]),
    );
    return () => {
      current = false;
    };
  }, [ticketId, lang]);

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
