import { availableActions, moderatable, policyAction, readPolicy, reversible, stateAfter } from '../../src/moderation/rules.js';
import { moderationWords } from '../../src/web/ticket/moderation-words.js';

describe('moderation rules', () => {
  it('reads a policy, keeping only known flags once; anything else is off', () => {
    expect(readPolicy({ autoHide: ['insult', 'hate', 'insult', 'rude'] })).toEqual({ autoHide: ['insult', 'hate'] });
    expect(readPolicy(null)).toEqual({ autoHide: [] });
    expect(readPolicy({ autoHide: 'insult' })).toEqual({ autoHide: [] });
  });

  it('the policy hides, else holds, and never rejects or deletes by itself', () => {
    const policy = { autoHide: ['insult' as const, 'hate' as const] };
    expect(policyAction(['hide', 'unhide'], ['spam', 'hate'], policy)).toEqual({ action: 'hide', flag: 'hate' });
    expect(policyAction(['hold', 'reject', 'publish'], ['insult'], policy)).toEqual({ action: 'hold', flag: 'insult' });
    expect(policyAction(['delete'], ['insult'], policy)).toBeUndefined();
    expect(policyAction(['hide', 'unhide'], ['spam'], policy)).toBeUndefined();
    expect(policyAction(['hide', 'unhide'], ['insult'], { autoHide: [] })).toBeUndefined();
  });

  it('offers only the actions that change the state, nothing once deleted', () => {
    expect(availableActions(['hide', 'unhide'], 'visible')).toEqual(['hide']);
    expect(availableActions(['hide', 'unhide'], 'hidden')).toEqual(['unhide']);
    expect(availableActions(['hold', 'reject', 'publish'], 'held')).toEqual(['reject', 'publish']);
    expect(availableActions(['hold', 'reject', 'publish'], 'rejected')).toEqual(['hold', 'publish']);
    expect(availableActions(['delete'], 'deleted')).toEqual([]);
    expect(stateAfter('publish')).toBe('visible');
    expect(reversible('delete')).toBe(false);
    expect(reversible('reject')).toBe(true);
  });

  it('moderates citizens’ public messages only', () => {
    expect(moderatable({ direction: 'inbound', kind: 'comment', visibility: null })).toBe(true);
    expect(moderatable({ direction: 'inbound', kind: 'dm' })).toBe(false);
    expect(moderatable({ direction: 'outbound', kind: 'comment', visibility: 'public' })).toBe(false);
  });

  it('has every word in Dutch and English', () => {
    const nl = moderationWords('nl');
    const en = moderationWords('en');
    expect(Object.keys(nl.actions)).toEqual(Object.keys(en.actions));
    expect(nl.done(nl.states.hidden, 'Facebook', nl.byPolicy('insult'), '14:05')).toBe('Verborgen op Facebook door het moderatiebeleid (belediging) om 14:05');
    expect(en.consequences.delete).toContain('{platform}');
  });
});
