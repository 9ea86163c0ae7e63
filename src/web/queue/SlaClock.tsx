import type { Sla } from '../api/index.js';
import { useT } from '../dictionary.js';
import { duration, fill } from '../i18n.js';
import { readSla } from './sla-clock.js';

/** Time left or overdue on the running SLA target; red when breached, with a sentence for screen readers. */
export function SlaClock({ sla, now }: { sla: Sla; now: number }) {
  const t = useT();
  const reading = readSla(sla, now);
  if (reading.target === null) {
    const word = reading.state === 'met' ? t.work.slaMet : t.work.slaNone;
    return <span className={`sla sla-${reading.state}`}>{reading.state === 'met' ? word : <span aria-label={word}>—</span>}</span>;
  }
  const what = reading.target === 'firstResponse' ? t.work.slaFirstResponse : t.work.slaResolution;
  const time = duration(t, Math.abs(reading.minutes));
  const shown = reading.minutes < 0 ? fill(t.work.slaOverdue, { time }) : fill(t.work.slaLeft, { time });
  return (
    <span
      className={`sla sla-${reading.state}`}
      data-testid="sla"
      data-sla-state={reading.state}
      title={reading.dueAt ? fill(t.work.slaDue, { when: new Date(reading.dueAt).toLocaleString() }) : undefined}
    >
      <span aria-hidden="true">{shown}</span>
      <span className="visually-hidden">{fill(t.work.slaReadable, { what, state: shown })}</span>
    </span>
  );
}
