import { useEffect, useState } from 'react';
import { useApi } from '../api/index.js';
import { contactWords } from '../contacts/contact-words.js';
import { useT } from '../dictionary.js';
import { useResource } from '../useResource.js';
import { Outcome, useSubmit } from './common.js';

/** An entity's retention settings (issue 17): how long raw payloads and closed tickets' texts are kept. */
export function RetentionSettings({ entityId }: { entityId: string }) {
  const api = useApi();
  const t = useT();
  const w = contactWords(t.admin.lang);
  const retention = useResource(() => api.retention(entityId), [entityId]);
  const submit = useSubmit();
  const [draft, setDraft] = useState({ rawPayloadDays: '', closedTicketTextYears: '' });
  useEffect(() => {
    if (retention.data) setDraft({ rawPayloadDays: String(retention.data.rawPayloadDays ?? ''), closedTicketTextYears: String(retention.data.closedTicketTextYears ?? '') });
  }, [retention.data]);
  const value = (text: string) => (text.trim() === '' ? null : Number(text));
  const prefix = `retention-${entityId}`;
  return (
    <form
      className="card"
      data-testid={prefix}
      onSubmit={(event) => {
        event.preventDefault();
        void submit.run(() => api.saveRetention(entityId, { rawPayloadDays: value(draft.rawPayloadDays), closedTicketTextYears: value(draft.closedTicketTextYears) }), w.saved);
      }}
    >
      <h3>{w.retentionTitle}</h3>
      <p className="muted">{w.retentionIntro}</p>
      <label htmlFor={`${prefix}-raw`}>{w.rawPayloadDays}</label>
      <input id={`${prefix}-raw`} type="number" min={1} max={3650} value={draft.rawPayloadDays} onChange={(event) => setDraft({ ...draft, rawPayloadDays: event.target.value })} />
      <label htmlFor={`${prefix}-closed`}>{w.closedTicketTextYears}</label>
      <input id={`${prefix}-closed`} type="number" min={1} max={50} value={draft.closedTicketTextYears} onChange={(event) => setDraft({ ...draft, closedTicketTextYears: event.target.value })} />
      <div className="button-row">
        <button type="submit" disabled={submit.busy}>
          {w.save}
        </button>
      </div>
      <Outcome ok={submit.ok} error={submit.error} />
    </form>
  );
}
