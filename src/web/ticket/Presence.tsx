import type { Presence } from '../api/index.js';
import { useT } from '../dictionary.js';
import { fill } from '../i18n.js';
import { Avatar } from '../workspace/Avatar.js';

/** Colleagues on the same ticket right now: who views it, who is typing a reply (so two people do not answer at once). */
export function PresenceLine({ others }: { others: Presence[] }) {
  const t = useT();
  return (
    <div className="presence" role="status" aria-label={t.work.presence} data-testid="presence">
      {others.map((other) => (
        <span key={other.userId} className={`presence-item presence-${other.state}`}>
          <Avatar name={other.name} size="small" />
          {fill(other.state === 'typing' ? t.work.presenceTyping : t.work.presenceViewing, { name: other.name })}
        </span>
      ))}
    </div>
  );
}
