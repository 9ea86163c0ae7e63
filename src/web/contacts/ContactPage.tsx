import { useState } from 'react';
import { contactExportHref, type ErasureCounts } from '../api/contacts.js';
import { useApi } from '../api/index.js';
import { formatDateTime } from '../admin/common.js';
import { useT } from '../dictionary.js';
import { errorText } from '../errors.js';
import { label } from '../i18n.js';
import { openTicket } from '../ticket/navigate.js';
import { useResource } from '../useResource.js';
import { useCan } from '../workspace/permissions.js';
import { contactWords } from './contact-words.js';

/**
 * A contact within one entity (issue 17): who, their tickets there, and for those allowed the
 * export of everything stored about them and its erasure, after a confirmation that lists what goes.
 */
export function ContactPage({ entityId, contactId }: { entityId: string; contactId: number }) {
  const api = useApi();
  const t = useT();
  const can = useCan();
  const w = contactWords(t.admin.lang);
  const contact = useResource(() => api.contact(entityId, contactId), [entityId, contactId], { resetOnChange: true });
  const [preview, setPreview] = useState<ErasureCounts | null>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok?: string; error?: string }>({});

  const act = async (work: () => Promise<void>) => {
    setBusy(true);
    setMessage({});
    try {
      await work();
    } catch (caught) {
      setMessage({ error: errorText(t, caught) });
    } finally {
      setBusy(false);
    }
  };

  const data = contact.data;
  return (
    <section aria-labelledby="contact-page-title" className="admin-page" data-testid="contact-page">
      <h1 id="contact-page-title">{w.title}</h1>
      {contact.error && (
        <p role="alert" className="error">
          {contact.error}
        </p>
      )}
      {!data && !contact.error && <p className="loading">{t.loading}</p>}
      {data && (
        <>
          <p>
            <strong>{data.name ?? data.handle ?? data.platformUserId}</strong>
            {data.handle && <> · @{data.handle}</>} · {w.account} {data.platformUserId}
          </p>
          {data.erasedAt && <p className="muted">{w.erased(formatDateTime(String(data.erasedAt), t.admin.lang))}</p>}
          <h2>{w.tickets}</h2>
          <ul>
            {data.tickets.map((ticket) => (
              <li key={ticket.id}>
                <a
                  href={`/tickets/${ticket.id}`}
                  onClick={(event) => {
                    event.preventDefault();
                    openTicket(ticket.id);
                  }}
                >
                  #{ticket.number}
                </a>{' '}
                · {label(t.categories, ticket.category)} · {label(t.statuses, ticket.status)} · {formatDateTime(String(ticket.createdAt), t.admin.lang)}
              </li>
            ))}
          </ul>
          {data.erasures.length > 0 && (
            <p className="muted">
              {w.erasures}: {data.erasures.map((e) => formatDateTime(String(e.erasedAt), t.admin.lang)).join(', ')}
            </p>
          )}
          {can('contacts.export') && (
            <div className="card">
              <h2>{w.exportTitle}</h2>
              <p className="muted">{w.exportIntro}</p>
              <a className="button secondary" href={contactExportHref(entityId, contactId)} download>
                {w.exportButton}
              </a>
            </div>
          )}
          {can('contacts.erase') && (
            <div className="card">
              <h2>{w.eraseTitle}</h2>
              <p className="muted">{w.eraseIntro}</p>
              {!preview ? (
                <button type="button" className="secondary" disabled={busy} onClick={() => void act(async () => setPreview(await api.erasurePreview(entityId, contactId)))}>
                  {w.erasePrepare}
                </button>
              ) : (
                <div role="alertdialog" aria-labelledby="erase-confirm-title" data-testid="erase-confirm">
                  <h3 id="erase-confirm-title">{w.eraseConfirmTitle}</h3>
                  <ul>
                    {w.counts(preview).map((line) => (
                      <li key={line}>{line}</li>
                    ))}
                  </ul>
                  <div className="button-row">
                    <button
                      type="button"
                      className="danger"
                      disabled={busy}
                      onClick={() =>
                        void act(async () => {
                          await api.eraseContact(entityId, contactId);
                          setPreview(null);
                          setMessage({ ok: w.eraseDone });
                          await contact.reload();
                        })
                      }
                    >
                      {w.eraseConfirm}
                    </button>
                    <button type="button" className="secondary" disabled={busy} onClick={() => setPreview(null)}>
                      {w.eraseCancel}
                    </button>
                  </div>
                </div>
              )}
            </div>
          )}
          {message.error && (
            <p role="alert" className="error">
              {message.error}
            </p>
          )}
          {message.ok && <p role="status" className="ok status-line">{message.ok}</p>}
        </>
      )}
    </section>
  );
}
