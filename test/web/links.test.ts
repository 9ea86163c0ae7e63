import { attachmentLinks, safeHttpUrl } from '../../src/web/ticket/links.js';

/** Addresses from the platforms reach an href only when they are http(s). */
describe('links from platform data', () => {
  test.each([
    ['https://x.com/delijn/status/1', 'https://x.com/delijn/status/1'],
    ['http://example.org/a b', 'http://example.org/a%20b'],
    ['javascript:alert(1)', null],
    ['JAVASCRIPT:alert(1)', null],
    ['data:text/html,<script>alert(1)</script>', null],
    ['/relative/path', null],
    ['', null],
    [null, null],
  ])('%s → %s', (input, expected) => {
    expect(safeHttpUrl(input)).toBe(expected);
  });

  test('attachments become numbered links per type; unusable ones are left out', () => {
    expect(
      attachmentLinks([
        { type: 'image', url: 'https://cdn.example/1.jpg' },
        { type: 'image', url: 'https://cdn.example/2.jpg' },
        { type: 'video', url: 'javascript:alert(1)' },
        { type: 'video' },
        { url: 'https://cdn.example/doc.pdf' },
        { type: 42, url: 'https://cdn.example/x' },
      ]),
    ).toEqual([
      { href: 'https://cdn.example/1.jpg', type: 'image', number: 1 },
      { href: 'https://cdn.example/2.jpg', type: 'image', number: 2 },
      { href: 'https://cdn.example/doc.pdf', type: 'file', number: 1 },
      { href: 'https://cdn.example/x', type: 'file', number: 2 },
    ]);
    expect(attachmentLinks(undefined)).toEqual([]);
  });
});
