import { useState, type FormEvent } from 'react';
import { Outcome, useSubmit } from '../admin/common.js';
import { useApi, type CaseActionBody, type ComplaintCaseDetail, type LetterFields, type LetterKind, type LetterPreview } from '../api/index.js';
import { useT } from '../dictionary.js';
import { caseStepProblem } from './checks.js';
import { DECLINE_GROUNDS, LETTER_STEP } from './procedure.js';

/**
 * One letter to the complainant, as a person sends it: the step's own fields (handler, ground and
 * motivation, the decision's reasons), then the entity's template filled in, in the complainant's
 * language, to read and edit — what the box shows is what is sent — and the way it goes (privately
 * on the channel, e-mail, or a PDF to post). The step counts once the letter was sent. A step
 * that already went out another way can be recorded with how.
 */
export function LetterComposer({ detail, kind, onDone }: { detail: ComplaintCaseDetail; kind: LetterKind; onDone: () => void }) {
  const t = useT();
  const words = t.admin.letters;
  const api = useApi();
  const submit = useSubmit();
  const id = (key: string) => `letter-${kind}-${key}`;
  const [fields, setFields] = useState({ handler: detail.snapshot.handler ?? '', ground: DECLINE_GROUNDS[0].code as string, motivation: '', reasons: '' });
  const [preview, setPreview] = useState<LetterPreview | null>(null);
  const [draft, setDraft] = useState({ subject: '', body: '', route: '', language: '' });
  const [how, setHow] = useState('');
  const lang = t.admin.lang;

  const letterFields = (language?: string): LetterFields => ({
    kind,
    ...(language ? { language: language as LetterFields['language'] } : {}),
    ...(kind === 'acknowledgement' && fields.handler.trim() ? { handler: fields.handler.trim() } : {}),
    ...(kind === 'refusal' ? { ground: fields.ground, ...(fields.motivation.trim() ? { motivation: fields.motivation.trim() } : {}) } : {}),
    ...(kind === 'answer' && fields.reasons.trim() ? { reasons: fields.reasons.trim() } : {}),
  });

  /** The step as the procedure will take it once the letter is sent; checked here first, so a refusal names the person or field. */
  const step = (sentElsewhere?: string): CaseActionBody | undefined => {
    const type = LETTER_STEP[kind];
    const how = sentElsewhere ? { sentElsewhere } : {};
    if (type === 'acknowledge') return { type, handler: fields.handler.trim(), ...how };
    if (type === 'decline') return { type, ground: fields.ground, motivation: fields.motivation.trim(), ...how };
    return type ? { type, ...how } : undefined;
  };
  const problem = () => {
    const body = step();
    return body && caseStepProblem(t, detail.snapshot, body);
  };

  const write = async (language?: string) => {
    const refused = problem();
    if (refused) return submit.refuse(refused);
    let written: LetterPreview | undefined;
    await submit.run(async () => {
      written = await api.letterPreview(detail.id, letterFields(language));
    }, '');
    if (!written) return;
    setPreview(written);
    setDraft({ subject: written.subject, body: written.body, route: written.routes[0]?.route ?? '', language: written.language });
  };

  const send = async (event: FormEvent) => {
    event.preventDefault();
    if (!preview || !draft.route) return;
    const done = await submit.run(
      () =>
        api.sendLetter(detail.id, {
          ...letterFields(),
          language: draft.language as LetterPreview['language'],
          subject: draft.subject,
          body: draft.body,
          route: draft.route as LetterPreview['routes'][number]['route'],
        }),
      draft.route === 'post' ? words.queuedPost : words.queued,
    );
    if (done) onDone();
  };

  const recordElsewhere = async () => {
    const body = step(how.trim());
    if (!body || !how.trim()) return;
    const refused = problem();
    if (refused) return submit.refuse(refused);
    if (await submit.run(() => api.caseAction(detail.id, body), t.admin.actionDone)) onDone();
  };

  return (
    <div className="stack letter-composer" data-testid={`letter-${kind}`}>
      {kind === 'acknowledgement' && (
        <div className="field">
          <label htmlFor={id('handler')}>
            <span>{t.admin.handler}</span>
            <input id={id('handler')} value={fields.handler} list={id('handlers')} autoComplete="off" required onChange={(e) => setFields({ ...fields, handler: e.target.value })} />
          </label>
          <datalist id={id('handlers')}>
            {detail.handlers.map((user) => (
              <option key={user.email} value={user.name} />
            ))}
          </datalist>
        </div>
      )}
      {kind === 'refusal' && (
        <>
          <label htmlFor={id('ground')}>
            <span>{t.admin.declineGround}</span>
            <select id={id('ground')} value={fields.ground} onChange={(e) => setFields({ ...fields, ground: e.target.value })}>
              {DECLINE_GROUNDS.map((ground) => (
                <option key={ground.code} value={ground.code}>
                  {ground[lang]}
                </option>
              ))}
            </select>
          </label>
          <label htmlFor={id('motivation')}>
            <span>{t.admin.motivation}</span>
            <textarea id={id('motivation')} rows={3} value={fields.motivation} onChange={(e) => setFields({ ...fields, motivation: e.target.value })} />
          </label>
        </>
      )}
      {kind === 'answer' && (
        <label htmlFor={id('reasons')}>
          <span>{words.reasons}</span>
          <textarea id={id('reasons')} rows={4} value={fields.reasons} onChange={(e) => setFields({ ...fields, reasons: e.target.value })} />
        </label>
      )}
      <div className="button-row">
        <button type="button" disabled={submit.busy} onClick={() => void write()}>
          {words.preview}
        </button>
      </div>
      {preview && (
        <form className="stack letter-preview" aria-label={words.kinds[kind]} onSubmit={(event) => void send(event)}>
          <p className="hint">{words.previewHint}</p>
          <label htmlFor={id('language')}>
            <span>{words.language}</span>
            <select id={id('language')} value={draft.language} onChange={(e) => void write(e.target.value)}>
              {(['nl', 'fr', 'en'] as const).map((code) => (
                <option key={code} value={code}>
                  {words.languages[code]}
                </option>
              ))}
            </select>
          </label>
          {preview.routes.length === 0 ? (
            <p role="alert" className="error">
              {words.noRoute}
            </p>
          ) : (
            <fieldset>
              <legend>{words.route}</legend>
              {preview.routes.map((option) => (
                <label key={option.route} className="inline">
                  <input type="radio" name={id('route')} value={option.route} checked={draft.route === option.route} onChange={() => setDraft({ ...draft, route: option.route })} />
                  <span>
                    {words.routes[option.route]} <span className="muted">({option.to.replace(/\n/g, ', ')})</span>
                  </span>
                </label>
              ))}
            </fieldset>
          )}
          <label htmlFor={id('subject')}>
            <span>{words.subject}</span>
            <input id={id('subject')} value={draft.subject} required onChange={(e) => setDraft({ ...draft, subject: e.target.value })} />
          </label>
          <label htmlFor={id('body')}>
            <span>{words.body}</span>
            <textarea id={id('body')} rows={14} value={draft.body} required onChange={(e) => setDraft({ ...draft, body: e.target.value })} />
          </label>
          {preview.missing.length > 0 && (
            <p className="warning" role="status">
              {words.missing} {preview.missing.map((item) => words.requirements[item] ?? item).join(', ')}
            </p>
          )}
          <button type="submit" disabled={submit.busy || !draft.route}>
            {words.send(draft.route)}
          </button>
        </form>
      )}
      {LETTER_STEP[kind] && (
        <details className="elsewhere">
          <summary>{words.elsewhere}</summary>
          <label htmlFor={id('how')}>
            <span>{words.elsewhereHow}</span>
            <input id={id('how')} value={how} onChange={(e) => setHow(e.target.value)} />
          </label>
          <button type="button" disabled={submit.busy || !how.trim()} onClick={() => void recordElsewhere()}>
            {words.elsewhereStep}
          </button>
        </details>
      )}
      <Outcome ok={submit.ok || null} error={submit.error} testId={`letter-${kind}-outcome`} />
    </div>
  );
}
