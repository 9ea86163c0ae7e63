import type { Ticket } from '../api/index.js';
import { useT } from '../dictionary.js';
import { signalText } from '../workspace/signals.js';

/** Why the classifier chose the category: the latest citizen message's signals (the ticket's first otherwise), in words. */
export function Signals({ ticket }: { ticket: Ticket }) {
  const t = useT();
  const lastInbound = [...ticket.messages].reverse().find((message) => message.direction === 'inbound');
  const signals = lastInbound && lastInbound.signals.length > 0 ? lastInbound.signals : ticket.signals;
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
