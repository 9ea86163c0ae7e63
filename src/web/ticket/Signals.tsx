import type { Ticket } from '../api/index.js';
import { useT } from '../dictionary.js';
import { signalText } from '../workspace/signals.js';

/**
 * Why the classifier chose the ticket's category, in words: the signals of the citizen message that
 * carries the conversation's category (src/tickets/conversation-category.ts), never another message's,
 * so they always agree with the tag shown.
 */
export function Signals({ ticket }: { ticket: Ticket }) {
  const t = useT();
  const signals = ticket.signals;
  return (
    <section aria-labelledby="signals-title" className="card">
      <h2 id="signals-title">{t.signals}</h2>
      {signals.length > 0 ? (
        <ul className="signals" data-testid="signals">
          {signals.map((signal, index) => (
            <li key={index}>{signalText(signal, t.work.signalWords, t.work.signalOther)}</li>
          ))}
        </ul>
      ) : (
        <p>{t.noSignals}</p>
      )}
    </section>
  );
}
