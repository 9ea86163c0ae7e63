import { useState, type FormEvent, type ReactNode } from 'react';
import { Outcome, useSubmit } from '../admin/common.js';
import { useApi, type CaseActionBody, type ComplaintCaseDetail, type LetterKind } from '../api/index.js';
import { useT } from '../dictionary.js';
import { caseStepProblem } from './checks.js';
import { SuggestedDetailsBox } from './SuggestedDetails.js';
import { LetterComposer } from './LetterComposer.js';
import { DECLINE_GROUNDS, LETTER_STEP, OMBUDS_NORMS, OUTCOMES, RESOLUTIONS, type CaseActionType, type Coded } from './procedure.js';

/** Actions that need no input: one button each. */
const PLAIN: readonly CaseActionType[] = ['start_investigation'];

/** Steps that speak to the citizen: taken by sending their letter (LetterComposer), not by a button. */
const BY_LETTER: Partial<Record<CaseActionType, LetterKind>> = Object.fromEntries(
  Object.entries(LETTER_STEP).flatMap(([kind, step]) => (step ? [[step, kind as LetterKind]] : [])),
);

const LETTER_ORDER: readonly LetterKind[] = ['request_details', 'acknowledgement', 'answer', 'refusal', 'interim'];

/** The letter a stage usually waits for: shown first and open. */
const EXPECTED_LETTER: Partial<Record<string, LetterKind>> = {
  received: 'request_details',
  intake_incomplete: 'request_details',
  admissibility_check: 'acknowledgement',
  decided: 'answer',
  resolved_by_agreement: 'answer',
};

/** Where an interim message to the complainant makes sense: the case is handled and not yet answered. */
const INTERIM_STATES = ['intake_incomplete', 'admissibility_check', 'acknowledged', 'in_investigation', 'resolved_by_agreement', 'decided'];

/**
 * The procedure's next steps for this case: only those its stage allows (the API's list), each with
 * the fields the API asks for. The procedure's rules the screen knows are checked before sending
 * (cases/checks.ts), so a refusal names the person or field; the API's refusals are translated.
 */
export function CaseActions({ detail, onDone }: { detail: ComplaintCaseDetail; onDone: () => void }) {
  const t = useT();
  const api = useApi();
  const submit = useSubmit();
  const actions = detail.allowedActions;
  const perform = async (body: CaseActionBody | { type: 'withdraw'; why: string; category: 'question' | 'dissatisfaction' | 'other' }) => {
    const problem = caseStepProblem(t, detail.snapshot, body);
    if (problem) return submit.refuse(problem);
    const done = await submit.run(
      () => (body.type === 'withdraw' ? api.notAComplaint(detail.id, body.why, body.category) : api.caseAction(detail.id, body)),
      t.admin.actionDone,
    );
    if (done) onDone();
  };
  const plain = actions.filter((a) => PLAIN.includes(a));
  const withFields = actions.filter((a) => !PLAIN.includes(a) && !BY_LETTER[a] && a !== 'close');
  // The stage's usual next letter first (and open); then the others in the procedure's order.
  const offered = new Set<LetterKind>([...actions.flatMap((a) => (BY_LETTER[a] ? [BY_LETTER[a]] : [])), ...(INTERIM_STATES.includes(detail.state) ? (['interim'] as const) : [])]);
  const expected = EXPECTED_LETTER[detail.state];
  const letters = LETTER_ORDER.filter((kind) => offered.has(kind)).sort((a, b) => Number(b === expected) - Number(a === expected));
  const pending = detail.letters.find((letter) => letter.status === 'sending' || letter.status === 'to_post');

  return (
    <section aria-labelledby="case-actions-title" className="card case-actions">
      <h2 id="case-actions-title">{t.admin.actions}</h2>
      {actions.length === 0 && <p className="empty">{t.admin.noActions}</p>}
      {plain.length > 0 && (
        <div className="button-row">
          {plain.map((type) => (
            <button key={type} type="button" disabled={submit.busy} onClick={() => void perform({ type } as CaseActionBody)}>
              {t.admin.actionLabels[type]}
            </button>
          ))}
        </div>
      )}
      {pending ? (
        <p className="hint" data-testid="letter-pending">
          {t.admin.letters.pending(t.admin.letters.kinds[pending.kind] ?? pending.kind)}
        </p>
      ) : (
        letters.map((kind) => (
          <details key={kind} className="action" open={kind === expected}>
            <summary>{t.admin.letters.kinds[kind]}</summary>
            <LetterComposer key={detail.snapshot.handler ?? ''} detail={detail} kind={kind} onDone={onDone} />
          </details>
        ))
      )}
      {actions.includes('close') && <CloseCase detail={detail} busy={submit.busy} onClose={(resolveTicket) => void perform({ type: 'close', resolveTicket })} />}
      {withFields.map((type) => (
        <details key={type} className="action" open={type === 'acknowledge' || (type === 'details_received' && detail.state !== 'admissibility_check')}>
          <summary>{t.admin.actionLabels[type]}</summary>
          <ActionForm key={detail.snapshot.handler ?? ''} type={type} detail={detail} busy={submit.busy} onSubmit={(body) => void perform(body)} />
        </details>
      ))}
      <Outcome ok={submit.ok} error={submit.error} testId="case-action" />
    </section>
  );
}

type Body = CaseActionBody | { type: 'withdraw'; why: string; category: 'question' | 'dissatisfaction' | 'other' };

function ActionForm({ type, detail, busy, onSubmit }: { type: CaseActionType; detail: ComplaintCaseDetail; busy: boolean; onSubmit: (body: Body) => void }) {
  const t = useT();
  const lang = t.admin.lang;
  const snapshot = detail.snapshot;
  const [text, setText] = useState<Record<string, string>>(() => ({
    handler: snapshot.handler ?? '',
    name: snapshot.intake.name ?? '',
    address: snapshot.intake.address ?? '',
    email: snapshot.intake.email ?? '',
    facts: snapshot.intake.facts ?? '',
    ground: DECLINE_GROUNDS[0].code,
    outcome: OUTCOMES[0].code,
    resolution: RESOLUTIONS[0].code,
    category: 'dissatisfaction',
  }));
  const [norms, setNorms] = useState<string[]>([]);
  const value = (key: string) => text[key] ?? '';
  const set = (key: string) => (event: { target: { value: string } }) => setText((current) => ({ ...current, [key]: event.target.value }));
  const fieldId = (key: string) => `case-${type}-${key}`;

  const input = (key: string, labelText: string, props: { type?: string; required?: boolean; hint?: string; options?: readonly string[] } = {}) => (
    <div className="field">
      <label htmlFor={fieldId(key)}>
        <span>{labelText}</span>
        <input
          id={fieldId(key)}
          type={props.type ?? 'text'}
          value={value(key)}
          onChange={set(key)}
          required={props.required}
          aria-describedby={props.hint ? `${fieldId(key)}-hint` : undefined}
          list={props.options?.length ? `${fieldId(key)}-options` : undefined}
          autoComplete={props.options?.length ? 'off' : undefined}
        />
      </label>
      {props.options && props.options.length > 0 && (
        <datalist id={`${fieldId(key)}-options`}>
          {props.options.map((option) => (
            <option key={option} value={option} />
          ))}
        </datalist>
      )}
      {props.hint && (
        <small id={`${fieldId(key)}-hint`} className="hint">
          {props.hint}
        </small>
      )}
    </div>
  );
  const area = (key: string, labelText: string) => (
    <label htmlFor={fieldId(key)}>
      <span>{labelText}</span>
      <textarea id={fieldId(key)} rows={3} value={value(key)} onChange={set(key)} required />
    </label>
  );
  const choice = (key: string, labelText: string, list: readonly Coded[]) => (
    <label htmlFor={fieldId(key)}>
      <span>{labelText}</span>
      <select id={fieldId(key)} value={value(key)} onChange={set(key)}>
        {list.map((item) => (
          <option key={item.code} value={item.code}>
            {item[lang]}
          </option>
        ))}
      </select>
    </label>
  );

  let fields: ReactNode;
  let build: () => Body;
  switch (type) {
    case 'details_received':
      fields = (
        <>
          <SuggestedDetailsBox caseId={detail.id} messages={detail.ticket?.messages.length ?? 0} onUse={(values) => setText((current) => ({ ...current, ...values }))} />
          {input('name', t.admin.intakeFields.name!)}
          {input('address', t.admin.intakeFields.address!)}
          {input('email', t.admin.intakeFields.email!, { type: 'email' })}
          {area('facts', t.admin.intakeFields.facts!)}
        </>
      );
      build = () => {
        const details: Record<string, string> = {};
        for (const key of ['name', 'address', 'email', 'facts'] as const) if (value(key).trim()) details[key] = value(key).trim();
        return { type, details };
      };
      break;
    case 'decline':
      fields = (
        <>
          {choice('ground', t.admin.declineGround, DECLINE_GROUNDS)}
          {area('motivation', t.admin.motivation)}
        </>
      );
      build = () => ({ type, ground: value('ground'), motivation: value('motivation') });
      break;
    case 'acknowledge':
    case 'assign_handler':
      // Picked from the entity's users who may take steps in cases; the rule on staff involved in the facts still applies.
      fields = input('handler', t.admin.handler, { required: true, options: detail.handlers.map((user) => user.name) });
      build = () => ({ type, handler: value('handler') });
      break;
    case 'mark_involved':
      fields = input('staff', t.admin.involvedStaff, { required: true, hint: t.admin.staffHint });
      build = () => ({ type, staff: value('staff').split(',').map((s) => s.trim()).filter(Boolean) });
      break;
    case 'resolve_by_agreement':
      fields = choice('resolution', t.admin.resolution, RESOLUTIONS);
      build = () => ({ type, resolution: value('resolution') });
      break;
    case 'decide':
      fields = (
        <>
          {choice('outcome', t.admin.outcome, OUTCOMES)}
          {choice('resolution', t.admin.resolution, RESOLUTIONS)}
          <fieldset className="norms">
            <legend>{t.admin.ombudsNorms}</legend>
            {OMBUDS_NORMS.map((norm) => (
              <label key={norm.code} className="inline">
                <input
                  type="checkbox"
                  checked={norms.includes(norm.code)}
                  onChange={(event) => setNorms((current) => (event.target.checked ? [...current, norm.code] : current.filter((code) => code !== norm.code)))}
                />
                <span>{norm[lang]}</span>
              </label>
            ))}
          </fieldset>
          {detail.themes && detail.themes.length > 0
            ? choice('theme', t.admin.theme, [{ code: '', nl: '—', en: '—' }, ...detail.themes.map((theme) => ({ code: theme, nl: theme, en: theme }))])
            : input('theme', t.admin.theme)}
        </>
      );
      build = () => ({
        type,
        outcome: value('outcome'),
        resolution: value('resolution'),
        ombudsNorms: norms,
        ...(value('theme').trim() ? { theme: value('theme').trim() } : {}),
      });
      break;
    case 'escalate':
      fields = area('why', t.admin.why);
      build = () => ({ type, why: value('why') });
      break;
    case 'withdraw':
      fields = (
        <>
          {area('why', t.admin.why)}
          <label htmlFor={fieldId('category')}>
            <span>{t.admin.notAComplaintCategory}</span>
            <select id={fieldId('category')} value={value('category')} onChange={set('category')}>
              {(['dissatisfaction', 'question', 'other'] as const).map((code) => (
                <option key={code} value={code}>
                  {t.categories[code]}
                </option>
              ))}
            </select>
          </label>
        </>
      );
      build = () => ({ type, why: value('why'), category: value('category') as 'question' | 'dissatisfaction' | 'other' });
      break;
    default:
      fields = null;
      build = () => ({ type }) as Body;
  }

  return (
    <form
      className="stack"
      aria-label={t.admin.actionLabels[type]}
      onSubmit={(event: FormEvent) => {
        event.preventDefault();
        onSubmit(build());
      }}
    >
      {fields}
      <button type="submit" disabled={busy}>
        {t.admin.actionLabels[type]}
      </button>
    </form>
  );
}

/** Closing the case offers to resolve its ticket too (checked: the citizen's story ends with the case). */
function CloseCase({ detail, busy, onClose }: { detail: ComplaintCaseDetail; busy: boolean; onClose: (resolveTicket: boolean) => void }) {
  const t = useT();
  const [resolveTicket, setResolveTicket] = useState(detail.ticket?.status !== 'resolved' && detail.ticket?.status !== 'closed');
  return (
    <form
      className="stack"
      aria-label={t.admin.actionLabels.close}
      onSubmit={(event: FormEvent) => {
        event.preventDefault();
        onClose(resolveTicket);
      }}
    >
      <label className="inline">
        <input type="checkbox" checked={resolveTicket} onChange={(event) => setResolveTicket(event.target.checked)} data-testid="close-resolves-ticket" />
        <span>{t.admin.letters.resolveTicket(detail.ticketNumber)}</span>
      </label>
      <button type="submit" disabled={busy}>
        {t.admin.actionLabels.close}
      </button>
    </form>
  );
}
