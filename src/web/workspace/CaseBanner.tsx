import type { Ticket } from '../api/index.js';
import { useT } from '../dictionary.js';
import { openPath } from '../ticket/navigate.js';
import { bannerTerm, caseBannerText } from './case-banner.js';
import { useCan } from './permissions.js';

/** A compact line over the conversation: this ticket is a complaint case, where it stands, and its next term; links to the case. */
export function CaseBanner({ ticket }: { ticket: Ticket }) {
  const t = useT();
  const can = useCan();
  const c = ticket.case;
  if (!c) return null;
  const term = bannerTerm(c);
  const href = `/cases/${c.id}`;
  return (
    <p className={`notice case-banner${term ? ` term-${term.status}` : ''}`} data-testid="case-banner">
      {can('cases.read') ? (
        <a
          href={href}
          onClick={(event) => {
            event.preventDefault();
            openPath(href);
          }}
        >
          {caseBannerText(c, t)}
        </a>
      ) : (
        caseBannerText(c, t)
      )}
    </p>
  );
}
