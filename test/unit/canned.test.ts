import { renderCanned } from '../../src/tickets/canned.js';

const values = { 'contact.name': 'An Peeters', 'contact.handle': '@anp', 'ticket.number': 1042, 'agent.name': 'Jan', 'entity.name': 'De Lijn' };

test('every known variable is filled in, wherever and however often it appears', () => {
  expect(renderCanned('Dag {{contact.name}} ({{contact.handle}}), ticket {{ticket.number}}. {{agent.name}} van {{entity.name}}', values)).toBe(
    'Dag An Peeters (@anp), ticket 1042. Jan van De Lijn',
  );
  expect(renderCanned('{{ contact.name }} / {{contact.name}}', values)).toBe('An Peeters / An Peeters');
});

test('unknown variables and variables without a value stay as written', () => {
  expect(renderCanned('Dag {{contact.address}} {{ foo }}', values)).toBe('Dag {{contact.address}} {{ foo }}');
  expect(renderCanned('Dag {{contact.name}}', { ...values, 'contact.name': null })).toBe('Dag {{contact.name}}');
  expect(renderCanned('Dag {{contact.name}}', { ...values, 'contact.name': '' })).toBe('Dag {{contact.name}}');
});

test('text that only looks like a variable is left alone, and values are not re-expanded', () => {
  expect(renderCanned('{contact.name} {{contact.name} {{}}', values)).toBe('{contact.name} {{contact.name} {{}}');
  expect(renderCanned('{{contact.name}}', { 'contact.name': '{{entity.name}}', 'entity.name': 'X' })).toBe('{{entity.name}}');
});

test('replacement patterns in values are taken literally', () => {
  expect(renderCanned('Dag {{contact.name}}', { 'contact.name': "$& $' $1" })).toBe("Dag $& $' $1");
});
