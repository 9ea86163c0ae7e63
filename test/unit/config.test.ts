import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigError, loadConfig, loadEntities } from '../../src/config/load.js';

const root = process.cwd();

function tempFile(text: string): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'inbox-config-')), 'entities.yaml');
  writeFileSync(file, text);
  return file;
}

describe('configuration', () => {
  test('the committed example loads, with ${NAME} taken from the environment even inside flow maps', () => {
    const entities = loadEntities(path.join(root, 'config/entities.example.yaml'), { X_BEARER: 'b1', VDAB_X_BEARER: 'b2' });
    expect(entities.map((e) => e.id)).toEqual(['de-lijn', 'vdab']);
    expect(entities[0]!.channels[0]).toMatchObject({ platform: 'x', credentials: { bearerToken: 'b1', userAccessToken: '' } });
    expect(entities[1]!.channels[0]!.credentials).toEqual({ bearerToken: 'b2', userAccessToken: '' });
    expect(entities[1]).toMatchObject({ complaintThreshold: 0.5, timeZone: 'Europe/Brussels' });
  });

  test('a missing environment variable names the file and the path', () => {
    expect(() => loadEntities(path.join(root, 'config/entities.example.yaml'), {})).toThrow(
      /entities\.example\.yaml: entities\[0\]\.channels\[0\]\.credentials\.bearerToken: environment variable X_BEARER is not set/,
    );
  });

  test('an invalid value names the file, the path inside it and what is wrong', () => {
    const file = tempFile('entities:\n  - id: de-lijn\n    name: De Lijn\n    channels:\n      - id: a\n        platform: myspace\n');
    let error: unknown;
    try {
      loadEntities(file, {});
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).where).toBe('entities[0].channels[0].platform');
    expect((error as ConfigError).message).toContain(file);
  });

  test('broken YAML and duplicate channel ids are reported with their place', () => {
    expect(() => loadEntities(tempFile('entities: [\n'), {})).toThrow(/line \d+, column \d+/);
    const duplicate = tempFile(
      'entities:\n  - id: a\n    name: A\n    channels: [{ id: c, platform: x }]\n  - id: b\n    name: B\n    channels: [{ id: c, platform: x }]\n',
    );
    expect(() => loadEntities(duplicate, {})).toThrow(/entities\[1\]\.channels\[0\]\.id: duplicate channel id "c"/);
  });

  test('environment variables override the defaults', () => {
    const config = loadConfig(root, { DATABASE_URL: 'postgres://db/inbox', REDIS_URL: 'redis://r:6380', PORT: '4000', INBOX_DEMO: '1' });
    expect(config.settings).toMatchObject({ database: { url: 'postgres://db/inbox' }, redis: { url: 'redis://r:6380' }, api: { port: 4000 } });
    expect(config.demo).toBe(true);
    expect(() => loadConfig(root, { PORT: 'eighty', INBOX_DEMO: '1' })).toThrow(/PORT: not a port number/);
  });

  test('the CLI prints one line and exits with code 2, no stack trace', () => {
    const file = tempFile('entities:\n  - id: Not Valid\n    name: X\n');
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'migrate'], {
      env: { ...process.env, INBOX_CONFIG: file, NODE_OPTIONS: '' },
      encoding: 'utf8',
    });
    expect(result.status).toBe(2);
    expect(result.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^configuration error: .*entities\.yaml: entities\[0\]\.id: /)]);
  });
});
