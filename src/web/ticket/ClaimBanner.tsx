import type { Person } from '../api.js';
import { fill, type Dictionary } from '../i18n.js';

/** Someone else works this ticket: say who, and offer to take it over. */
export function ClaimBanner({ t, holder, onTakeOver, busy }: { t: Dictionary; holder: Person; onTakeOver: () => void; busy: boolean }) {
  return (
    <div className="banner" role="alert" data-testid="claimed-by">
      <span>{fill(t.work.claimedBy, { name: holder.name })}</span>
      <button type="button" onClick={onTakeOver} disabled={busy}>
        {t.work.takeOver}
      </button>
    </div>
  );
}
