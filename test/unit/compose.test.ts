import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { PLATFORMS } from '../../connectors/platforms.js';

/**
 * docker-compose.yml, read as Docker would (no Docker engine runs in CI): every service has a
 * healthcheck, Redis and the database stay off the host, the image is built once, the data and the
 * mail live in named volumes, bind mounts name only things the checkout has, and .env.example
 * names every variable the app reads.
 */
const ROOT = resolve(process.cwd());
const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');

interface Service {
  image?: string;
  build?: unknown;
  command?: string[];
  ports?: string[];
  expose?: string[];
  volumes?: string[];
  environment?: Record<string, string>;
  healthcheck?: { test: string[] };
  pull_policy?: string;
  depends_on?: Record<string, { condition: string }>;
}

const compose = parse(read('docker-compose.yml'), { merge: true }) as { services: Record<string, Service>; volumes: Record<string, unknown> };
const { services } = compose;

test('the five services are there, each with a healthcheck', () => {
  expect(Object.keys(services).sort()).toEqual(['api', 'caddy', 'postgres', 'redis', 'worker']);
  const without = Object.entries(services).filter(([, service]) => (service.healthcheck?.test.length ?? 0) < 2).map(([name]) => name);
  expect(without).toEqual([]);
  expect(services.api!.healthcheck!.test.join(' ')).toContain('/healthz');
  expect(services.worker!.healthcheck!.test).toEqual(['CMD', 'node', 'bin/inbox.js', 'health', 'worker']);
});

test('only Caddy is published on the host: Redis, PostgreSQL and the API are reached on the compose network', () => {
  const published = Object.entries(services).filter(([, service]) => service.ports?.length).map(([name]) => name);
  expect(published).toEqual(['caddy']);
  expect(services.caddy!.ports).toEqual(['80:80', '443:443', '443:443/udp']);
});

test('the image is built once, by api, and the worker runs the same image without pulling it', () => {
  const building = Object.entries(services).filter(([, service]) => service.build !== undefined).map(([name]) => name);
  expect(building).toEqual(['api']);
  expect(services.worker!.image).toBe(services.api!.image);
  expect(services.worker!.pull_policy).toBe('never');
  expect(services.api!.command).toEqual(['api']);
  expect(services.worker!.command).toEqual(['worker']);
});

test('api and worker share the settings: the database and Redis by service name, the entities file, the mail folder', () => {
  for (const name of ['api', 'worker']) {
    const environment = services[name]!.environment!;
    expect(environment.DATABASE_URL).toMatch(/@postgres:5432\/inbox$/);
    expect(environment.REDIS_URL).toBe('redis://redis:6379');
    expect(environment.NODE_ENV).toBe('production');
    expect(environment.INBOX_CONFIG).toBe('/app/site-config/entities.yaml');
    expect(environment.INBOX_MAIL_DIR).toBe('/app/data/mail');
    expect(services[name]!.volumes).toEqual(['./config:/app/site-config:ro', 'mail:/app/data']);
    expect(services[name]!.depends_on).toMatchObject({ postgres: { condition: 'service_healthy' }, redis: { condition: 'service_healthy' } });
  }
});

test('data in named volumes; bind mounts name only what a checkout has (no directory is made for a missing file)', () => {
  expect(Object.keys(compose.volumes).sort()).toEqual(['caddy-config', 'caddy-data', 'mail', 'postgres-data', 'redis-data']);
  expect(services.postgres!.volumes).toEqual(['postgres-data:/var/lib/postgresql/data']);
  const binds = Object.values(services).flatMap((service) => service.volumes ?? []).filter((volume) => volume.startsWith('.'));
  expect(binds.sort()).toEqual(['./Caddyfile:/etc/caddy/Caddyfile:ro', './config:/app/site-config:ro', './config:/app/site-config:ro']);
  expect(statSync(join(ROOT, 'config')).isDirectory()).toBe(true);
  expect(statSync(join(ROOT, 'Caddyfile')).isFile()).toBe(true);
  // config/entities.yaml itself is not in git: the checkout must not need it for the mount
  expect(read('.gitignore')).toMatch(/^config\/entities\.yaml$/m);
});

test('Caddy terminates HTTPS for $DOMAIN in front of the API and keeps /metrics off the internet', () => {
  const caddyfile = read('Caddyfile');
  expect(caddyfile).toMatch(/^\{\$DOMAIN\} \{$/m);
  expect(caddyfile).toMatch(/reverse_proxy api:3000/);
  expect(caddyfile).toMatch(/respond \/metrics 404/);
  expect(services.caddy!.volumes).toEqual(expect.arrayContaining(['caddy-data:/data']));
});

test('.env.example names every environment variable the app reads', () => {
  const example = read('.env.example');
  const files = ['src', 'workers', 'connectors', 'bin'].flatMap(function list(dir: string): string[] {
    return readdirSync(join(ROOT, dir)).flatMap((name) => {
      const path = join(dir, name);
      if (statSync(join(ROOT, path)).isDirectory()) return name === 'web' ? [] : list(path);
      return /\.(ts|js)$/.test(name) ? [path] : [];
    });
  });
  const names = new Set(files.flatMap((file) => [...read(file).matchAll(/\benv\.([A-Z][A-Z0-9_]+)/g)].map((match) => match[1]!)));
  names.delete('USER');
  names.delete('NODE_ENV');
  names.delete('INBOX_DEV');
  expect(names.size).toBeGreaterThan(15);
  expect([...names].filter((name) => !new RegExp(`^#? ?${name}=`, 'm').test(example)).sort()).toEqual([]);
  // the per-platform OAuth clients (OAUTH_<PLATFORM>_CLIENT_ID/_SECRET) are read by a template
  for (const platform of PLATFORMS) expect(example).toMatch(new RegExp(`^# OAUTH_${platform.toUpperCase()}_CLIENT_SECRET=$`, 'm'));
});
