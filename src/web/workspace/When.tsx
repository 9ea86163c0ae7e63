import { useT } from '../dictionary.js';
import { age } from '../i18n.js';
import { exactTime } from './time.js';

/** A relative time ("5 min") with the exact local time on hover and for machines. */
export function When({ iso, now, label }: { iso: string; now?: number; label?: (when: string) => string }) {
  const t = useT();
  const exact = exactTime(iso, t.admin.lang);
  return (
    <time dateTime={iso} title={label ? label(exact) : exact}>
      {age(t, iso, now)}
    </time>
  );
}
