import { formatDateTime, Outcome, useSubmit } from '../admin/common.js';
import { useApi, type CaseLetter, type ComplaintCaseDetail } from '../api/index.js';
import { useT } from '../dictionary.js';

/**
 * The letters written to the complainant: what, how, to whom, and where each one is. A letter to
 * post is downloaded as a PDF, then marked posted (only then does its step count), or cancelled.
 */
export function CaseLetters({ detail, onChange }: { detail: ComplaintCaseDetail; onChange: () => void }) {
  const t = useT();
  const words = t.admin.letters;
  const api = useApi();
  const submit = useSubmit();
  const lang = t.admin.lang;
  const act = async (work: () => Promise<unknown>) => {
    if (await submit.run(work, t.admin.actionDone)) onChange();
  };
  return (
    <section aria-labelledby="case-letters-title" className="card">
      <h2 id="case-letters-title">{words.title}</h2>
      {detail.letters.length === 0 ? (
        <p className="empty">{words.none}</p>
      ) : (
        <ol className="letters" data-testid="case-letters">
          {detail.letters.map((letter: CaseLetter) => (
            <li key={letter.id} data-testid={`case-letter-${letter.id}`} data-status={letter.status}>
              <strong>{words.kinds[letter.kind]}</strong> · {words.routes[letter.route]} ·{' '}
              <span className={`tag letter-${letter.status}`}>{words.statuses[letter.status]}</span>
              <div className="meta">
                {letter.recipient && (
                  <>
                    {words.to}: {letter.recipient.replace(/\n/g, ', ')}
                  </>
                )}
                {letter.sentAt && (
                  <>
                    {' '}
                    · {words.sentAt} <time dateTime={letter.sentAt}>{formatDateTime(letter.sentAt, lang)}</time>
                  </>
                )}
              </div>
              {letter.error && <div className="error">{letter.error}</div>}
              <details>
                <summary>{letter.subject}</summary>
                <p className="message-text">{letter.body}</p>
              </details>
              <div className="button-row">
                {letter.route === 'post' && letter.status !== 'cancelled' && (
                  <a href={api.letterPdfUrl(detail.id, letter.id)} download data-testid={`letter-pdf-${letter.id}`}>
                    {words.pdf}
                  </a>
                )}
                {letter.status === 'to_post' && (
                  <button type="button" disabled={submit.busy} onClick={() => void act(() => api.letterPosted(detail.id, letter.id))}>
                    {words.posted}
                  </button>
                )}
                {(letter.status === 'to_post' || letter.status === 'failed') && (
                  <button type="button" className="secondary" disabled={submit.busy} onClick={() => void act(() => api.cancelLetter(detail.id, letter.id))}>
                    {words.cancel}
                  </button>
                )}
              </div>
            </li>
          ))}
        </ol>
      )}
      <Outcome ok={submit.ok} error={submit.error} testId="case-letters-outcome" />
    </section>
  );
}
