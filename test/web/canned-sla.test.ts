import { renderCanned } from '../../src/tickets/canned.js';
import { DEFAULT_BUSINESS_HOURS, DEFAULT_SLA_TARGETS } from '../../src/tickets/sla.js';
import { PRIORITIES } from '../../src/tickets/ticket.js';
import { fromDraft, joinMinutes, slaProblems, splitMinutes, toDraft } from '../../src/web/admin/sla-form.js';
import { CANNED_VARIABLES as WEB_VARIABLES, renderPreview, unknownVariables } from '../../src/web/canned/preview.js';
import { CANNED_VARIABLES } from '../../src/tickets/canned.js';
import type { SlaSettings } from '../../src/web/admin/sla-form.js';

const DEFAULTS: SlaSettings = {
  timeZone: 'Europe/Brussels',
  businessHours: DEFAULT_BUSINESS_HOURS,
  holidays: [],
  policies: [...PRIORITIES].reverse().map((priority) => DEFAULT_SLA_TARGETS[priority]),
};

describe('canned responses page: the preview', () => {
  test('fills in the known variables with a value and leaves the others as written, as the server does', () => {
    expect([...WEB_VARIABLES]).toEqual([...CANNED_VARIABLES]);
    const body = 'Dag {{ contact.name }} (@{{contact.handle}}), ticket {{ticket.number}}: {{agent.name}} van {{entity.name}}. {{contact.naam}} {{contact.name}}';
    const values = { 'contact.name': 'An', 'contact.handle': 'an', 'ticket.number': 12, 'agent.name': '', 'entity.name': 'De Lijn' };
    expect(renderPreview(body, values)).toBe(renderCanned(body, values));
    expect(renderPreview(body, values)).toBe('Dag An (@an), ticket 12: {{agent.name}} van De Lijn. {{contact.naam}} An');
  });

  test('names the variables the server does not know, once each', () => {
    expect(unknownVariables('{{contact.naam}} {{ contact.name }} {{contact.naam}} {{ticket.id}}')).toEqual(['{{contact.naam}}', '{{ticket.id}}']);
    expect(unknownVariables('Dag {{contact.name}}')).toEqual([]);
  });
});

describe('SLA form: draft and API shape', () => {
  test('minutes become hours and minutes and back; an empty field counts as 0, anything else is refused', () => {
    expect(splitMinutes(1440)).toEqual({ hours: '24', minutes: '0' });
    expect(splitMinutes(90)).toEqual({ hours: '1', minutes: '30' });
    expect(joinMinutes({ hours: '2', minutes: '15' })).toBe(135);
    expect(joinMinutes({ hours: '', minutes: '45' })).toBe(45);
    expect(joinMinutes({ hours: '1.5', minutes: '0' })).toBeNaN();
    expect(joinMinutes({ hours: '-1', minutes: '0' })).toBeNaN();
  });

  test('the defaults go through the draft unchanged: weekends closed, Monday–Friday 9–17, one target per priority', () => {
    const draft = toDraft(DEFAULTS);
    expect(draft.days[5]).toEqual([]);
    expect(draft.days[0]).toEqual([{ start: '09:00', end: '17:00' }]);
    const change = fromDraft(draft);
    expect(change.businessHours).toEqual(DEFAULT_BUSINESS_HOURS);
    expect(new Set(change.policies)).toEqual(new Set(DEFAULTS.policies));
    expect(slaProblems(change)).toEqual([]);
  });

  test('two periods on a day, a holiday twice and a target in hours come out as the API wants them', () => {
    const draft = toDraft(DEFAULTS);
    draft.days[5] = [{ start: '10:00', end: '12:00' }];
    draft.days[0] = [{ start: '08:00', end: '12:00' }, { start: '13:00', end: '24:00' }];
    draft.holidays = ['2026-12-25', '2026-07-21', '2026-12-25'];
    draft.targets.urgent = { firstResponse: { hours: '0', minutes: '30' }, resolution: { hours: '4', minutes: '' } };
    const change = fromDraft(draft);
    expect(change.businessHours.filter((p) => p.day === 1 || p.day === 6)).toEqual([
      { day: 1, start: '08:00', end: '12:00' },
      { day: 1, start: '13:00', end: '24:00' },
      { day: 6, start: '10:00', end: '12:00' },
    ]);
    expect(change.holidays).toEqual(['2026-07-21', '2026-12-25']);
    expect(change.policies.find((p) => p.priority === 'urgent')).toEqual({ priority: 'urgent', firstResponseMinutes: 30, resolutionMinutes: 240 });
    expect(slaProblems(change)).toEqual([]);
  });

  test('what the API would refuse is found before sending, with the day or priority', () => {
    const draft = toDraft(DEFAULTS);
    draft.days[1] = [{ start: '17:00', end: '09:00' }];
    draft.days[2] = [{ start: '09:00', end: '13:00' }, { start: '12:00', end: '17:00' }];
    draft.days[3] = [{ start: '9:00', end: '17:00' }];
    draft.targets.high = { firstResponse: { hours: '0', minutes: '0' }, resolution: { hours: '1', minutes: '0' } };
    draft.targets.low = { firstResponse: { hours: '10', minutes: '0' }, resolution: { hours: '2', minutes: '0' } };
    expect(slaProblems(fromDraft(draft))).toEqual([
      { kind: 'period', day: 2 },
      { kind: 'overlap', day: 3 },
      { kind: 'period', day: 4 },
      { kind: 'target', priority: 'high' },
      { kind: 'order', priority: 'low' },
    ]);
    expect(slaProblems(fromDraft({ ...draft, days: draft.days.map(() => []) }))).toContainEqual({ kind: 'noHours' });
  });
});
