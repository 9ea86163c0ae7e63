import * as domain from '../../src/domain/complaint-case.js';
import * as web from '../../src/web/cases/procedure.js';

/** The case screen's copy of the procedure's words must match the domain's exactly (the allowed steps come from the API). */
describe('the web copy of the complaint procedure', () => {
  test.each(['CASE_STATES', 'DECLINE_GROUNDS', 'OUTCOMES', 'RESOLUTIONS', 'OMBUDS_NORMS'] as const)('%s equals the domain', (name) => {
    expect(web[name]).toEqual(domain[name]);
  });
});
