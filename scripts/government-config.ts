/**
 * Writes config/government.example.yaml from ../shared/data/flemish-entities.json:
 *   npm run government:config [-- --data FILE] [-- --out FILE]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { governmentYaml, type GovernmentRecord } from '../src/demo/government-config.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: {
    data: { type: 'string', default: path.resolve(root, '../shared/data/flemish-entities.json') },
    out: { type: 'string', default: path.join(root, 'config/government.example.yaml') },
  },
});
const records = JSON.parse(readFileSync(values.data!, 'utf8')) as GovernmentRecord[];
writeFileSync(values.out!, governmentYaml(records));
console.error(`written: ${values.out} (${records.length} entities)`);
