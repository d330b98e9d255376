import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { backend, createTestEnvironment, type TestEnvironment } from '../../../test/support/backend.ts';
import { users } from '../../modules/identity/tables.ts';
import { copyText, migrationsFolder, openDatabase, type DatabaseHandle } from './index.ts';

const journal = JSON.parse(readFileSync(path.join(migrationsFolder, 'meta/_journal.json'), 'utf8')) as { entries: { tag: string }[] };

describe(`database on ${backend === 'services' ? 'PostgreSQL' : 'PGlite'}`, () => {
  let environment: TestEnvironment | undefined;
  let database: DatabaseHandle | undefined;
  afterEach(async () => {
    await database?.close();
    await environment?.cleanup();
    database = undefined;
    environment = undefined;
  });

  async function open(onQuery?: (operation: string, seconds: number) => void): Promise<DatabaseHandle> {
    environment = await createTestEnvironment();
    database = await openDatabase({ url: environment.env.DATABASE_URL, pglitePath: 'memory', onQuery });
    expect(database.kind).toBe(backend === 'services' ? 'postgres' : 'pglite');
    return database;
  }

  it('applies every committed migration to an empty database, and a second run changes nothing', async () => {
    const db = await open();
    await db.migrate();
    const applied = await db.sql.query<{ n: number }>('select count(*)::int as n from drizzle.__drizzle_migrations');
    expect(applied.rows[0]?.n).toBe(journal.entries.length);

    const { rows: tables } = await db.sql.query<{ table_name: string }>(
      "select table_name from information_schema.tables where table_schema = 'public'",
    );
    expect(tables.map((t) => t.table_name)).toEqual(expect.arrayContaining(['users', 'sessions', 'organizations', 'memberships']));

    await db.migrate();
    const again = await db.sql.query<{ n: number }>('select count(*)::int as n from drizzle.__drizzle_migrations');
    expect(again.rows[0]?.n).toBe(journal.entries.length);
  });

  it('reports the duration of every statement, Drizzle and raw alike, by statement kind', async () => {
    const recorded: { operation: string; seconds: number }[] = [];
    const db = await open((operation, seconds) => recorded.push({ operation, seconds }));
    await db.migrate();
    recorded.length = 0;

    await db.db.insert(users).values({ email: 'timed@example.test', displayName: 'Timed' });
    await db.sql.query('insert into users (email, display_name) values ($1, $2)', ['raw@example.test', 'Raw']);
    await db.db.select({ id: users.id }).from(users);
    await db.sql.query('update users set display_name = $1 where email = $2', ['Renamed', 'raw@example.test']);

    expect(recorded.map((r) => r.operation)).toEqual(expect.arrayContaining(['insert', 'select', 'update']));
    for (const { seconds } of recorded) {
      expect(seconds).toBeGreaterThanOrEqual(0);
      expect(seconds).toBeLessThan(30);
    }
  });

  it('answers ping while open and fails it once closed', async () => {
    const db = await open();
    await expect(db.ping()).resolves.toBeUndefined();
    await db.close();
    database = undefined;
    await expect(db.ping()).rejects.toThrow();
  });

  it('bulk-loads rows with COPY, escaping tabs, newlines, backslashes and nulls', async () => {
    const db = await open();
    await db.sql.query('create table copied (id integer, label text, readings float8[])');
    const labels = ['plain', 'tab\there', 'line\nbreak', 'back\\slash', null];
    const rows = labels.map((label, i) => `${String(i)}\t${copyText(label)}\t{${String(i)}.5,NULL}\n`).join('');

    expect(await db.copyRows('copied', ['id', 'label', 'readings'], rows)).toBe(labels.length);
    const { rows: stored } = await db.sql.query<{ label: string | null; readings: (number | null)[] }>('select label, readings from copied order by id');
    expect(stored.map((row) => row.label)).toEqual(labels);
    expect(stored[2]?.readings).toEqual([2.5, null]);
  });

  it('refuses a table or column name that is not a plain identifier', async () => {
    const db = await open();
    await expect(db.copyRows('users; drop table users', ['id'], '')).rejects.toThrow(/plain identifier/);
  });
});
