import { useEffect, useRef, useState, type FormEvent } from 'react';
import './admin.css';
import './canned/canned.css';
import { Outcome, useSubmit } from './admin/common.js';
import { useApi, CANNED_LANGS, type CannedLang, type StoredCannedResponse, type User } from './api/index.js';
import { CANNED_VARIABLES, renderPreview, unknownVariables } from './canned/preview.js';
import { useT } from './dictionary.js';
import { useMe, useMyEntities } from './session.js';
import { insertAt } from './ticket/insert.js';
import { useResource } from './useResource.js';

type EntityName = { id: string; name: string };
/** The form: closed, a new response, or one being edited. */
type Editing = null | 'new' | StoredCannedResponse;

/** Canned responses of the user's entities: per entity and language, add, edit (with a live preview) and delete. */
export function CannedResponses() {
  const t = useT();
  const user = useMe();
  const api = useApi();
  const entityList = useMyEntities().filter((entity) => user.role === 'admin' || user.entities.includes(entity.id));
  const [entity, setEntity] = useState('');
  const [lang, setLang] = useState<CannedLang | ''>('');
  const [editing, setEditing] = useState<Editing>(null);
  const [confirming, setConfirming] = useState<number | null>(null);
  const removal = useSubmit();
  const [saved, setSaved] = useState<string | null>(null);
  const addButton = useRef<HTMLButtonElement>(null);
  const chosen = entity || entityList[0]?.id || '';
  const responses = useResource(() => (chosen ? api.cannedResponses({ entity: chosen, ...(lang ? { lang } : {}) }) : Promise.resolve({ items: [] })), [chosen, lang]);
  const entityName = entityList.find((e) => e.id === chosen)?.name ?? chosen;

  const remove = async (response: StoredCannedResponse) => {
    setSaved(null);
    if (await removal.run(() => api.deleteCannedResponse(response.id), t.admin.cannedDeleted)) {
      setConfirming(null);
      if (editing !== null && editing !== 'new' && editing.id === response.id) setEditing(null);
      void responses.reload();
    }
  };

  return (
    <section aria-labelledby="canned-title" className="admin-page canned-page">
      <h1 id="canned-title">{t.admin.cannedTitle}</h1>
      {responses.error && (
        <p role="alert" className="error">
          {responses.error}
        </p>
      )}
      <form className="filters canned-filters" aria-label={t.work.filters} onSubmit={(event) => event.preventDefault()}>
        {entityList.length > 1 && (
          <label>
            <span>{t.admin.entity}</span>
            <select
              name="entity"
              value={chosen}
              onChange={(event) => {
                setEntity(event.target.value);
                setEditing(null);
              }}
            >
              {entityList.map((e) => (
                <option key={e.id} value={e.id}>
                  {e.name}
                </option>
              ))}
            </select>
          </label>
        )}
        <label>
          <span>{t.admin.cannedLanguage}</span>
          <select name="lang" value={lang} onChange={(event) => setLang(event.target.value as CannedLang | '')}>
            <option value="">{t.admin.allLanguages}</option>
            {CANNED_LANGS.map((code) => (
              <option key={code} value={code}>
                {t.admin.templateLangs[code]}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          ref={addButton}
          disabled={!chosen}
          aria-expanded={editing === 'new'}
          onClick={() => {
            setSaved(null);
            setEditing('new');
          }}
        >
          {t.admin.cannedAdd}
        </button>
      </form>

      {editing !== null && chosen && (
        <CannedForm
          key={editing === 'new' ? `new-${chosen}` : editing.id}
          user={user}
          entity={{ id: chosen, name: entityName }}
          editing={editing}
          defaultLang={lang || (t.admin.lang === 'en' ? 'en' : 'nl')}
          onClose={() => {
            setEditing(null);
            addButton.current?.focus();
          }}
          onSaved={() => {
            setEditing(null);
            setSaved(t.admin.cannedSaved);
            addButton.current?.focus();
            void responses.reload();
          }}
        />
      )}

      <Outcome ok={saved ?? removal.ok} error={removal.error} testId="canned-status" />
      {!responses.data && !responses.error && <p className="loading">{t.loading}</p>}
      {responses.data && responses.data.items.length === 0 && <p className="empty">{t.admin.cannedNone}</p>}
      {responses.data && responses.data.items.length > 0 && (
        <>
          <p className="muted">{t.admin.cannedCount(responses.data.items.length)}</p>
          <ul className="canned-list" data-testid="canned-list">
            {responses.data.items.map((response) => (
              <li key={response.id} className="card canned-item" data-testid={`canned-${response.id}`}>
                <div className="canned-item-head">
                  <h2>
                    {response.title} <span className="tag canned-lang">{response.lang.toUpperCase()}</span>
                  </h2>
                  <div className="button-row">
                    <button type="button" className="secondary" onClick={() => {
                        setSaved(null);
                        setEditing(response);
                      }}
                      aria-label={t.admin.cannedEditButton(response.title)}>
                      {t.admin.edit}
                    </button>
                    <button
                      type="button"
                      className="secondary"
                      aria-expanded={confirming === response.id}
                      aria-label={t.admin.cannedDeleteButton(response.title)}
                      onClick={() => setConfirming(confirming === response.id ? null : response.id)}
                    >
                      {t.admin.deleteAction}
                    </button>
                  </div>
                </div>
                <p className="message-text">{response.body}</p>
                {confirming === response.id && (
                  <ConfirmDelete title={response.title} busy={removal.busy} onConfirm={() => void remove(response)} onCancel={() => setConfirming(null)} />
                )}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

/** The second step of a delete: the question, with the focus on the cancel button so Enter does no harm. */
function ConfirmDelete({ title, busy, onConfirm, onCancel }: { title: string; busy: boolean; onConfirm: () => void; onCancel: () => void }) {
  const t = useT();
  const cancel = useRef<HTMLButtonElement>(null);
  useEffect(() => cancel.current?.focus(), []);
  return (
    <div className="confirm" role="group" aria-label={t.admin.cannedDeleteQuestion(title)}>
      <p>{t.admin.cannedDeleteQuestion(title)}</p>
      <div className="button-row">
        <button type="button" className="danger" disabled={busy} onClick={onConfirm}>
          {t.admin.confirmDelete}
        </button>
        <button type="button" className="secondary" ref={cancel} onClick={onCancel}>
          {t.admin.cancel}
        </button>
      </div>
    </div>
  );
}

function CannedForm({
  user,
  entity,
  editing,
  defaultLang,
  onClose,
  onSaved,
}: {
  user: User;
  entity: EntityName;
  editing: 'new' | StoredCannedResponse;
  defaultLang: CannedLang;
  onClose: () => void;
  onSaved: () => void;
}) {
  const t = useT();
  const api = useApi();
  const existing = editing === 'new' ? null : editing;
  const [title, setTitle] = useState(existing?.title ?? '');
  const [lang, setLang] = useState<CannedLang>(existing?.lang ?? defaultLang);
  const [body, setBody] = useState(existing?.body ?? '');
  const submit = useSubmit();
  const heading = useRef<HTMLHeadingElement>(null);
  const bodyBox = useRef<HTMLTextAreaElement>(null);
  const caret = useRef<number | null>(null);
  const prefix = existing ? `canned-form-${existing.id}` : 'canned-form-new';
  const headingText = existing ? t.admin.cannedEdit(existing.title) : t.admin.cannedNew;

  useEffect(() => heading.current?.focus(), []);
  // After inserting a variable the caret goes right behind it.
  useEffect(() => {
    if (caret.current === null || !bodyBox.current) return;
    bodyBox.current.focus();
    bodyBox.current.setSelectionRange(caret.current, caret.current);
    caret.current = null;
  }, [body]);

  // A refusal shown stays until the field it was about changes.
  const edit = <T,>(set: (value: T) => void, value: T) => {
    if (submit.error) submit.clear();
    set(value);
  };

  const insertVariable = (variable: string) => {
    const box = bodyBox.current;
    const next = insertAt(body, `{{${variable}}}`, box?.selectionStart ?? null, box?.selectionEnd ?? null);
    caret.current = next.caret;
    setBody(next.text);
  };

  const save = async (event: FormEvent) => {
    event.preventDefault();
    const fields = { lang, title: title.trim(), body: body.trim() };
    const done = await submit.run(
      () => (existing ? api.updateCannedResponse(existing.id, fields) : api.createCannedResponse({ entity: entity.id, ...fields })),
      t.admin.cannedSaved,
    );
    if (done) onSaved();
  };

  const preview = renderPreview(body, {
    'contact.name': t.admin.cannedSampleContactName,
    'contact.handle': t.admin.cannedSampleContactHandle,
    'ticket.number': 1234,
    'agent.name': user.name,
    'entity.name': entity.name,
  });
  const unknown = unknownVariables(body);

  return (
    <form className="card stack canned-form" aria-labelledby={`${prefix}-title`} onSubmit={(event) => void save(event)} data-testid="canned-form">
      <h2 id={`${prefix}-title`} ref={heading} tabIndex={-1}>
        {headingText} <span className="sub">{entity.name}</span>
      </h2>
      <div className="canned-form-grid">
        <div className="stack">
          <div className="canned-meta">
            <label className="grow">
              <span>{t.admin.cannedFieldTitle}</span>
              <input type="text" name="title" required maxLength={200} value={title} onChange={(event) => edit(setTitle, event.target.value)} />
            </label>
            <label>
              <span>{t.admin.cannedLanguage}</span>
              <select name="cannedLang" value={lang} onChange={(event) => edit(setLang, event.target.value as CannedLang)}>
                {CANNED_LANGS.map((code) => (
                  <option key={code} value={code}>
                    {t.admin.templateLangs[code]}
                  </option>
                ))}
              </select>
            </label>
          </div>
          <label>
            <span>{t.admin.cannedBody}</span>
            <textarea
              ref={bodyBox}
              name="body"
              rows={7}
              required
              maxLength={10_000}
              value={body}
              aria-describedby={`${prefix}-variables`}
              onChange={(event) => edit(setBody, event.target.value)}
            />
          </label>
          <div id={`${prefix}-variables`} className="hint canned-variables">
            <p>{t.admin.cannedVariablesHint}</p>
            <ul>
              {CANNED_VARIABLES.map((variable) => (
                <li key={variable}>
                  <button type="button" className="variable" onClick={() => insertVariable(variable)} aria-label={t.admin.cannedInsertVariable(`{{${variable}}}`)}>
                    <code>{`{{${variable}}}`}</code>
                  </button>{' '}
                  {t.admin.cannedVariables[variable]}
                </li>
              ))}
            </ul>
          </div>
        </div>
        <section className="canned-preview" aria-labelledby={`${prefix}-preview`}>
          <h3 id={`${prefix}-preview`}>{t.admin.cannedPreview}</h3>
          <p className="hint">{t.admin.cannedPreviewHint}</p>
          <p className="message-text preview-text" data-testid="canned-preview">
            {preview}
          </p>
          {unknown.length > 0 && <p className="notice-inline">{t.admin.cannedUnknown(unknown.join(', '))}</p>}
        </section>
      </div>
      <div className="button-row">
        <button type="submit" disabled={submit.busy}>
          {t.admin.save}
        </button>
        <button type="button" className="secondary" onClick={onClose}>
          {t.admin.cancel}
        </button>
      </div>
      <Outcome ok={submit.ok} error={submit.error} testId="canned-form" />
    </form>
  );
}
