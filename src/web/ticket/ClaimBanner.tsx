import type { Person } from '../api/index.js';
import { useT } from '../dictionary.js';
import { fill } from '../i18n.js';

/** Someone else works this ticket: say who, and offer to take it over. */
export function ClaimBanner({ holder, onTakeOver, busy }: { holder: Person; onTakeOver: () => void; busy: boolean }) {
  const t = useT();
  return (
    <div className="banner" role="alert" data-testid="claimed-by">
      <span>{fill(t.work.claimedBy, { name: holder.name })}</span>
      <button type="button" onClick={onTakeOver} disabled={busy}>
        {t.work.takeOver}
      </button>
    </div>
  );
}
