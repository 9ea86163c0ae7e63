import { loaded } from '../../src/classify/model.js';
test('loads', () => { expect(loaded.version).toBe(0); });
