import { POSSIBLE_COMPLAINT } from '../../src/complaints/threshold.js';
import { conversationVerdict, leadAfterMessages, needsCheck, type MessageVerdict } from '../../src/tickets/conversation-category.js';

const complaint: MessageVerdict = { category: 'complaint', confidence: 1, signals: ["explicit wish to complain: 'klacht'"] };
const vague: MessageVerdict = { category: 'dissatisfaction', confidence: 0.45, signals: ['no concrete case or wish to complain'] };
const question: MessageVerdict = { category: 'question', confidence: 0.98, signals: ["asks for information: 'hoe'"] };
const thanks: MessageVerdict = { category: 'other', confidence: 0.98, signals: ["praise or thanks: 'dank'"] };

describe('conversationVerdict: the category of the conversation, carried by one of its messages', () => {
  test('the weightiest category wins whatever the order, with its own message’s confidence and signals', () => {
    expect(conversationVerdict([complaint, vague, thanks])).toBe(complaint);
    expect(conversationVerdict([thanks, question, complaint])).toBe(complaint);
    expect(conversationVerdict([question, vague])).toBe(vague);
    expect(conversationVerdict([thanks, question])).toBe(question);
  });

  test('the signals always belong to a message of the chosen category', () => {
    const lead = conversationVerdict([complaint, vague])!;
    expect(lead.category).toBe('complaint');
    expect(lead.signals).not.toContain('no concrete case or wish to complain');
  });

  test('among messages of the same category the most certain carries it; of equals, the earliest', () => {
    const unsure = { ...complaint, confidence: 0.7, signals: ['unsure'] };
    expect(conversationVerdict([unsure, complaint])).toBe(complaint);
    const twin = { ...complaint };
    expect(conversationVerdict([complaint, twin])).toBe(complaint);
  });

  test('no messages: no verdict', () => {
    expect(conversationVerdict([])).toBeUndefined();
  });
});

describe('leadAfterMessages: what new messages change on a ticket', () => {
  test('a weaker later message changes nothing', () => {
    expect(leadAfterMessages({ category: 'complaint', confidence: 1, source: 'auto' }, [vague, thanks])).toBeUndefined();
  });

  test('a weightier later message raises the category', () => {
    expect(leadAfterMessages({ category: 'question', confidence: 0.98, source: 'auto' }, [thanks, complaint])).toBe(complaint);
  });

  test('a more certain message of the same category carries it from then on', () => {
    expect(leadAfterMessages({ category: 'complaint', confidence: 0.7, source: 'auto' }, [complaint])).toBe(complaint);
    expect(leadAfterMessages({ category: 'complaint', confidence: 1, source: 'auto' }, [{ ...complaint, confidence: 0.8 }])).toBeUndefined();
  });

  test('an agent’s decision (re-tag or confirmation) is never overridden', () => {
    expect(leadAfterMessages({ category: 'question', confidence: null, source: 'manual' }, [complaint])).toBeUndefined();
  });

  test('a ticket without a stored confidence takes a message of the same category', () => {
    expect(leadAfterMessages({ category: 'question', confidence: null, source: 'auto' }, [question])).toBe(question);
  });
});

describe('needsCheck: when a person should look', () => {
  test('below the entity’s checkBelow', () => {
    expect(needsCheck(vague, 0.6)).toBe(true);
    expect(needsCheck(question, 0.6)).toBe(false);
    expect(needsCheck({ ...question, confidence: 0.6 }, 0.6)).toBe(false);
    expect(needsCheck(vague, 0.4)).toBe(false);
  });

  test('a possible complaint always', () => {
    expect(needsCheck({ category: 'dissatisfaction', confidence: 0.9, signals: [POSSIBLE_COMPLAINT] }, 0.6)).toBe(true);
  });
});
