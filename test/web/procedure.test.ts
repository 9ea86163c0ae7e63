import * as domain from '../../src/domain/complaint-case.js';
import * as web from '../../src/web/cases/procedure.js';

/** The case screen's copy of the procedure must match the domain's rules and words exactly. */
describe('the web copy of the complaint procedure', () => {
  test.each(['CASE_STATES', 'DECLINE_GROUNDS', 'OUTCOMES', 'RESOLUTIONS', 'OMBUDS_NORMS', 'ALLOWED_FROM'] as const)('%s equals the domain', (name) => {
    expect(web[name]).toEqual(domain[name]);
  });

  test('offers the same actions per state as the domain', () => {
    for (const { code } of domain.CASE_STATES) {
      expect(web.allowedActions(code)).toEqual(domain.allowedActions({ ...domain.openCase(), state: code }));
    }
  });
});
