import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('configuration', () => {
  const dirs: string[] = [];
  const tempDataDir = () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'fw-config-'));
    dirs.push(dir);
    return dir;
  };
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('generates missing secrets once into data/secrets.json, readable by the owner only', () => {
    const dataDir = tempDataDir();
    const first = loadConfig({ DATA_DIR: dataDir });
    const file = path.join(dataDir, 'secrets.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(loadConfig({ DATA_DIR: dataDir }).secrets).toEqual(first.secrets);
    expect(new Set(Object.values(first.secrets)).size).toBe(4);
  });

  it('never writes a secret given in the environment to disk', () => {
    const dataDir = tempDataDir();
    const jwt = 'j'.repeat(40);
    const config = loadConfig({ DATA_DIR: dataDir, JWT_SECRET: jwt });
    expect(config.secrets.jwt).toBe(jwt);
    expect(readFileSync(path.join(dataDir, 'secrets.json'), 'utf8')).not.toContain(jwt);
  });

  it('refuses invalid settings, naming each one', () => {
    const attempt = () => loadConfig({ DATA_DIR: tempDataDir(), PORT: 'eighty', DATABASE_URL: 'not a url' });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/PORT.*DATABASE_URL|DATABASE_URL.*PORT/);
  });

  it('runs embedded by default and on the named services when their URLs are set', () => {
    const embedded = loadConfig({ DATA_DIR: tempDataDir() });
    expect([embedded.database.url, embedded.redis.url, embedded.s3, embedded.smtp]).toEqual([undefined, undefined, undefined, undefined]);
    const production = loadConfig({
      DATA_DIR: tempDataDir(),
      DATABASE_URL: 'postgres://db.internal/fluxworks',
      REDIS_URL: 'redis://cache.internal:6379',
      SMTP_URL: 'smtp://mail.internal:587',
      S3_BUCKET: 'files',
      S3_ACCESS_KEY_ID: 'id',
      S3_SECRET_ACCESS_KEY: 'secret',
    });
    expect(production.database.url).toBe('postgres://db.internal/fluxworks');
    expect(production.redis.url).toBe('redis://cache.internal:6379');
    expect(production.smtp?.url).toBe('smtp://mail.internal:587');
    expect(production.s3?.bucket).toBe('files');
  });
});
