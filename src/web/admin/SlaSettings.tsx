import { useState, type FormEvent } from 'react';
import '../admin.css';
import './sla.css';
import { useApi, SLA_PRIORITIES, type SlaPriority, type SlaSettings as Settings } from '../api/index.js';
import { useT } from '../dictionary.js';
import { label } from '../i18n.js';
import { formatDay, Outcome, useSubmit } from './common.js';
import { fromDraft, slaProblems, TIME_PATTERN, toDraft, WEEKDAYS, type DurationDraft, type SlaDraft, type SlaProblem } from './sla-form.js';
import { useResource } from '../useResource.js';

/**
 * An entity's SLA: business hours per weekday, holidays and targets per priority. Folded away until
 * opened, so the entities page loads no calendars nobody looks at.
 */
export function SlaSettings({ entityId, entityName }: { entityId: string; entityName: string }) {
  const t = useT();
  const [open, setOpen] = useState(false);
  return (
    <details className="card sla-settings" data-testid={`sla-${entityId}`} onToggle={(event) => setOpen(event.currentTarget.open)}>
      <summary>
        {t.admin.slaOpen} <span className="sub-inline">({entityName})</span>
      </summary>
      {open && <SlaLoader entityId={entityId} />}
    </details>
  );
}

function SlaLoader({ entityId }: { entityId: string }) {
  const t = useT();
  const api = useApi();
  const settings = useResource(() => api.sla(entityId), [entityId]);
  if (settings.error) {
    return (
      <p role="alert" className="error">
        {settings.error}
      </p>
    );
  }
  if (!settings.data) return <p className="loading">{t.loading}</p>;
  return <SlaForm entityId={entityId} settings={settings.data} />;
}

function SlaForm({ entityId, settings }: { entityId: string; settings: Settings }) {
  const t = useT();
  const api = useApi();
  const [draft, setDraft] = useState<SlaDraft>(() => toDraft(settings));
  const [timeZone, setTimeZone] = useState(settings.timeZone);
  const [newHoliday, setNewHoliday] = useState('');
  const [problems, setProblems] = useState<SlaProblem[]>([]);
  const submit = useSubmit();
  const prefix = `sla-${entityId}`;
  const dayName = (day: number) => t.admin.weekdays[day] ?? String(day);
  const priorityName = (priority: SlaPriority) => label(t.priorities, priority);

  const setDay = (day: number, periods: SlaDraft['days'][number]) => setDraft((current) => ({ ...current, days: current.days.map((p, i) => (i === day - 1 ? periods : p)) }));
  const setTarget = (priority: SlaPriority, which: 'firstResponse' | 'resolution', value: DurationDraft) =>
    setDraft((current) => ({ ...current, targets: { ...current.targets, [priority]: { ...current.targets[priority], [which]: value } } }));

  const addHoliday = () => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(newHoliday)) return;
    setDraft((current) => ({ ...current, holidays: [...new Set([...current.holidays, newHoliday])].sort() }));
    setNewHoliday('');
  };

  const save = async (event: FormEvent) => {
    event.preventDefault();
    const change = fromDraft(draft);
    const found = slaProblems(change);
    setProblems(found);
    if (found.length > 0) {
      submit.clear();
      return;
    }
    await submit.run(async () => {
      const saved = await api.saveSla(entityId, change);
      setDraft(toDraft(saved));
      setTimeZone(saved.timeZone);
    }, t.admin.slaSaved);
  };

  const problemText = (problem: SlaProblem) => {
    switch (problem.kind) {
      case 'noHours':
        return t.admin.slaProblems.noHours;
      case 'period':
        return t.admin.slaProblems.period(dayName(problem.day));
      case 'overlap':
        return t.admin.slaProblems.overlap(dayName(problem.day));
      case 'target':
        return t.admin.slaProblems.target(priorityName(problem.priority));
      case 'order':
        return t.admin.slaProblems.order(priorityName(problem.priority));
    }
  };

  return (
    <form className="stack sla-form" aria-label={t.admin.slaOpen} onSubmit={(event) => void save(event)} noValidate>
      <p className="sla-zone">
        <strong>{t.admin.slaTimeZone}:</strong> <span data-testid="sla-time-zone">{timeZone}</span> <span className="hint">— {t.admin.slaTimeZoneHint}</span>
      </p>

      <fieldset className="sla-block">
        <legend>{t.admin.businessHours}</legend>
        <p className="hint full" id={`${prefix}-time-hint`}>
          {t.admin.timeHint}
        </p>
        <table className="sla-hours stack-on-phone">
          <thead>
            <tr>
              <th scope="col">{t.admin.weekday}</th>
              <th scope="col">{t.admin.dayOpen}</th>
              <th scope="col">{t.admin.businessHours}</th>
            </tr>
          </thead>
          <tbody>
            {WEEKDAYS.map((day) => {
              const periods = draft.days[day - 1] ?? [];
              const name = dayName(day);
              return (
                <tr key={day} data-testid={`sla-day-${day}`}>
                  <th scope="row">{name}</th>
                  <td>
                    <label className="inline">
                      <input
                        type="checkbox"
                        checked={periods.length > 0}
                        onChange={(event) => setDay(day, event.target.checked ? [{ start: '09:00', end: '17:00' }] : [])}
                      />
                      <span>
                        <span className="visually-hidden">{name}: </span>
                        {t.admin.dayOpen}
                      </span>
                    </label>
                  </td>
                  <td>
                    {periods.length === 0 ? (
                      <span className="muted">{t.admin.dayClosed}</span>
                    ) : (
                      <ul className="periods">
                        {periods.map((period, index) => (
                          <li key={index}>
                            <TimeField
                              label={t.admin.periodLabel(name, t.admin.periodFrom, index + 1)}
                              visible={t.admin.periodFrom}
                              value={period.start}
                              describedBy={`${prefix}-time-hint`}
                              onChange={(start) => setDay(day, periods.map((p, i) => (i === index ? { ...p, start } : p)))}
                            />
                            <TimeField
                              label={t.admin.periodLabel(name, t.admin.periodUntil, index + 1)}
                              visible={t.admin.periodUntil}
                              value={period.end}
                              describedBy={`${prefix}-time-hint`}
                              onChange={(end) => setDay(day, periods.map((p, i) => (i === index ? { ...p, end } : p)))}
                            />
                            {periods.length > 1 && (
                              <button
                                type="button"
                                className="link"
                                aria-label={t.admin.removePeriod(name, index + 1)}
                                onClick={() => setDay(day, periods.filter((_, i) => i !== index))}
                              >
                                {t.admin.removeShort}
                              </button>
                            )}
                          </li>
                        ))}
                        <li>
                          <button
                            type="button"
                            className="link"
                            aria-label={t.admin.addPeriod(name)}
                            onClick={() => setDay(day, [...periods, { start: periods[periods.length - 1]?.end ?? '09:00', end: '24:00' }])}
                          >
                            {t.admin.addPeriodShort}
                          </button>
                        </li>
                      </ul>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </fieldset>

      <fieldset className="sla-block">
        <legend>{t.admin.holidays}</legend>
        {draft.holidays.length === 0 ? (
          <p className="muted full">{t.admin.noHolidays}</p>
        ) : (
          <ul className="holidays full" data-testid="sla-holidays">
            {draft.holidays.map((day) => (
              <li key={day}>
                <time dateTime={day}>{formatDay(day, t.admin.lang)}</time>{' '}
                <button
                  type="button"
                  className="link"
                  aria-label={t.admin.removeHoliday(formatDay(day, t.admin.lang))}
                  onClick={() => setDraft((current) => ({ ...current, holidays: current.holidays.filter((d) => d !== day) }))}
                >
                  {t.admin.removeShort}
                </button>
              </li>
            ))}
          </ul>
        )}
        <div className="inline-form">
          <label>
            <span>{t.admin.holidayDate}</span>
            <input
              type="date"
              className="date"
              value={newHoliday}
              onChange={(event) => setNewHoliday(event.target.value)}
              onKeyDown={(event) => {
                if (event.key === 'Enter') {
                  event.preventDefault();
                  addHoliday();
                }
              }}
            />
          </label>
          <button type="button" className="secondary" disabled={!newHoliday} onClick={addHoliday}>
            {t.admin.addHoliday}
          </button>
        </div>
      </fieldset>

      <fieldset className="sla-block">
        <legend>{t.admin.slaTargets}</legend>
        <p className="hint full">{t.admin.slaTargetsHint}</p>
        <table className="sla-targets stack-on-phone">
          <thead>
            <tr>
              <th scope="col">{t.admin.priority}</th>
              <th scope="col">{t.admin.firstResponse}</th>
              <th scope="col">{t.admin.resolutionTarget}</th>
            </tr>
          </thead>
          <tbody>
            {SLA_PRIORITIES.map((priority) => (
              <tr key={priority} data-testid={`sla-target-${priority}`}>
                <th scope="row">{priorityName(priority)}</th>
                {(['firstResponse', 'resolution'] as const).map((which) => (
                  <td key={which} data-label={which === 'firstResponse' ? t.admin.firstResponse : t.admin.resolutionTarget}>
                    <DurationField
                      label={(unit) => t.admin.targetField(priorityName(priority), which === 'firstResponse' ? t.admin.firstResponse : t.admin.resolutionTarget, unit)}
                      value={draft.targets[priority][which]}
                      onChange={(value) => setTarget(priority, which, value)}
                    />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </fieldset>

      {problems.length > 0 && (
        <ul role="alert" className="error sla-problems" data-testid="sla-problems">
          {problems.map((problem, index) => (
            <li key={index}>{problemText(problem)}</li>
          ))}
        </ul>
      )}
      <div className="button-row">
        <button type="submit" disabled={submit.busy}>
          {t.admin.save}
        </button>
      </div>
      <Outcome ok={submit.ok} error={submit.error} testId="sla" />
    </form>
  );
}

function TimeField({ label, visible, value, describedBy, onChange }: { label: string; visible: string; value: string; describedBy: string; onChange: (value: string) => void }) {
  return (
    <label className="inline time-field">
      <span aria-hidden="true">{visible}</span>
      <input
        type="text"
        className="time"
        inputMode="numeric"
        pattern={TIME_PATTERN}
        placeholder="09:00"
        maxLength={5}
        size={5}
        aria-label={label}
        aria-describedby={describedBy}
        value={value}
        onChange={(event) => onChange(event.target.value)}
      />
    </label>
  );
}

function DurationField({ label, value, onChange }: { label: (unit: string) => string; value: DurationDraft; onChange: (value: DurationDraft) => void }) {
  const t = useT();
  return (
    <span className="duration">
      <label className="inline">
        <input type="number" min={0} max={720} step={1} aria-label={label(t.admin.hoursField)} value={value.hours} onChange={(event) => onChange({ ...value, hours: event.target.value })} />
        <span aria-hidden="true">{t.admin.hours}</span>
      </label>
      <label className="inline">
        <input type="number" min={0} max={59} step={1} aria-label={label(t.admin.minutesField)} value={value.minutes} onChange={(event) => onChange({ ...value, minutes: event.target.value })} />
        <span aria-hidden="true">{t.admin.minutes}</span>
      </label>
    </span>
  );
}
