import { formatDateTime } from '../admin/common.js';
import { useApi, type SuggestedDetails } from '../api/index.js';
import { useT } from '../dictionary.js';
import { useResource } from '../useResource.js';

type MessageSuggestions = SuggestedDetails['items'][number];

/** The intake form's fields a suggestion can fill (a phone number has no field: it is shown only). */
export type SuggestedField = 'name' | 'address' | 'email';
const FIELDS: readonly SuggestedField[] = ['name', 'address', 'email'];

/**
 * "Voorgestelde gegevens": what the citizen's private messages since the case was received suggest
 * for their name, address, e-mail and phone, per message, newest first. A suggestion only fills the
 * intake form; nothing is stored until the coordinator saves it.
 */
export function SuggestedDetailsBox({
  caseId,
  messages,
  onUse,
}: {
  caseId: number;
  /** How many messages the ticket has: a new one (the citizen's answer) may suggest more, so the box asks again. */
  messages: number;
  onUse: (values: Partial<Record<SuggestedField, string>>) => void;
}) {
  const t = useT();
  const words = t.suggestedDetails;
  const api = useApi();
  const found = useResource(() => api.suggestedDetails(caseId), [caseId, messages]);
  const items = found.data?.items ?? [];
  if (found.error || items.length === 0) return null;
  const takeAll = (item: MessageSuggestions) => {
    const values: Partial<Record<SuggestedField, string>> = {};
    for (const field of FIELDS) if (item[field]) values[field] = item[field].value;
    onUse(values);
  };

  return (
    <section aria-labelledby={`suggested-details-${caseId}`} className="card suggested-details" data-testid="suggested-details">
      <h3 id={`suggested-details-${caseId}`}>{words.title}</h3>
      <p className="hint">{words.hint}</p>
      {items.map((item) => (
        <div key={item.messageId} className="stack">
          <p className="meta">{words.fromMessage(formatDateTime(item.sentAt, t.admin.lang))}</p>
          <dl>
            {[...FIELDS, 'phone' as const].map((field) => {
              const suggestion = item[field];
              if (!suggestion) return null;
              return (
                <div key={field}>
                  <dt>{words.fields[field]}</dt>
                  <dd>
                    <span className="message-text">{suggestion.value}</span>
                    {suggestion.matched !== suggestion.value && <small className="hint"> ({words.matched(suggestion.matched)})</small>}{' '}
                    {field !== 'phone' && (
                      <button type="button" onClick={() => onUse({ [field]: suggestion.value })} aria-label={words.useOne(words.fields[field])}>
                        {words.use}
                      </button>
                    )}
                  </dd>
                </div>
              );
            })}
          </dl>
          {FIELDS.filter((field) => item[field]).length > 1 && (
            <div className="button-row">
              <button type="button" onClick={() => takeAll(item)}>
                {words.useAll}
              </button>
            </div>
          )}
        </div>
      ))}
    </section>
  );
}
