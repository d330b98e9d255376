import { readFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { backend, createTestEnvironment, type TestEnvironment } from '../../../test/support/backend.ts';
import { users } from '../../modules/identity/tables.ts';
import { BinaryCopyReader, BinaryCopyWriter, CopyOutTooLarge, copyText, migrationsFolder, openDatabase, type DatabaseHandle } from './index.ts';

const journal = JSON.parse(readFileSync(path.join(migrationsFolder, 'meta/_journal.json'), 'utf8')) as { entries: { tag: string }[] };

const bytesOf = (value: Uint8Array | null) => value && Array.from(value);

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

  it('bulk-loads rows with binary COPY: uuids, integers, timestamps, float arrays with nulls, and nulls', async () => {
    const db = await open();
    await db.sql.query('create table copied_binary (id uuid, n integer, big bigint, at timestamptz, x float8, readings float8[])');
    const times = [Date.UTC(2026, 10, 30, 10, 0, 0, 123), Date.UTC(1969, 11, 31, 23, 59, 59, 999), Date.UTC(2199, 11, 31, 23, 59, 59, 999)];
    const writer = new BinaryCopyWriter(16); // smaller than the data, so the writer has to grow
    const uuids = ['6f1c2a9e-0b7d-4c3e-9a51-2f8d7e6c5b4a', '6f1c2a9e-0b7d-4c3e-9a51-2f8d7e6c5b4a', '00000000-0000-0000-0000-0000000000ff'];
    times.forEach((time, i) => {
      writer.row(6).uuid(uuids[i]!).int4(i - 1).int8(2 ** 53 - i).timestamptz(time + 0.75).float8(-i / 3).float8Array([i + 0.5, null, -1e300, Number.MIN_VALUE]);
    });
    writer.row(6).null().null().null().null().null().float8Array([]);
    expect(writer.rows).toBe(4);

    expect(await db.copyRows('copied_binary', ['id', 'n', 'big', 'at', 'x', 'readings'], writer.finish())).toBe(4);
    const { rows } = await db.sql.query<{ id: string | null; n: number | null; big: string | null; ms: number | null; x: number | null; readings: (number | null)[] }>(
      'select id, n, big::text as big, (extract(epoch from at) * 1000)::float8 as ms, x, readings from copied_binary order by n nulls last',
    );
    expect(rows.map((row) => row.id)).toEqual([...uuids, null]);
    expect(rows.map((row) => row.n)).toEqual([-1, 0, 1, null]);
    expect(rows.map((row) => row.big)).toEqual([String(2 ** 53), String(2 ** 53 - 1), String(2 ** 53 - 2), null]);
    expect(rows.map((row) => row.ms)).toEqual([...times, null]);
    expect(rows.map((row) => row.x)).toEqual([-0, -1 / 3, -2 / 3, null]);
    expect(rows[1]?.readings).toEqual([1.5, null, -1e300, Number.MIN_VALUE]);
    expect(rows[3]?.readings).toEqual([]);
  });

  it('reuses a released binary writer’s memory without sending any of its old bytes', async () => {
    const db = await open();
    await db.sql.query('create table copied_again (n integer, readings float8[])');
    const first = new BinaryCopyWriter(4096);
    for (let i = 0; i < 100; i++) first.row(2).int4(i).float8Array([i, i, i]);
    expect(await db.copyRows('copied_again', ['n', 'readings'], first.finish())).toBe(100);
    first.release();

    const second = new BinaryCopyWriter(64); // fits in the released buffer, which still holds the first rows
    second.row(2).int4(1000).float8Array([null]);
    expect(await db.copyRows('copied_again', ['n', 'readings'], second.finish())).toBe(1);
    second.release();
    const { rows } = await db.sql.query<{ n: number; readings: (number | null)[] }>('select n, readings from copied_again where n >= 100');
    expect(rows).toEqual([{ n: 1000, readings: [null] }]);
  });

  it('reads a select out with binary COPY, its parameters quoted so that no value can break out of its literal', async () => {
    const db = await open();
    await db.sql.query('create table copied_out (id uuid, n integer, big bigint, at timestamptz, x float8, raw bytea, label text)');
    const id = '6f1c2a9e-0b7d-4c3e-9a51-2f8d7e6c5b4a';
    await db.sql.query(
      `insert into copied_out values
         ($1, 1, 9007199254740991, '2026-11-30T10:00:00.123456Z', -0.25, '\\x00ff10', 'kept'),
         ($1, 2, -5, '1969-12-31T23:59:59.999Z', null, '\\x', 'it''s'),
         ('00000000-0000-0000-0000-000000000001', 3, 0, now(), 0, null, 'other stream')`,
      [id],
    );
    const hostile = "it's\\'); drop table copied_out; --";
    const bytes = await db.copyOut(
      sql`select n, big, at, x, raw from copied_out
          where id = ${id}::uuid and n = any(${sql.param([1, 2, 7])}::int[]) and label <> ${hostile}::text order by n`,
    );

    const reader = new BinaryCopyReader(bytes);
    const rows: unknown[][] = [];
    while (reader.next()) rows.push([reader.int4(), reader.int8(), reader.timestamptz(), reader.float8(), bytesOf(reader.bytes())]);
    expect(rows).toEqual([
      [1, 2 ** 53 - 1, Date.UTC(2026, 10, 30, 10, 0, 0, 123) + 0.456, -0.25, [0, 255, 16]],
      [2, -5, Date.UTC(1969, 11, 31, 23, 59, 59, 999), null, []],
    ]);
    const { rows: left } = await db.sql.query<{ n: number }>('select count(*)::int as n from copied_out');
    expect(left[0]?.n).toBe(3);
  });

  it('gives up a COPY out past the bytes allowed, and the database serves the next query', async () => {
    const db = await open();
    const everything = sql`select g, repeat('x', 100) from generate_series(1, 20000) as g`;
    await expect(db.copyOut(everything, { maxBytes: 100_000 })).rejects.toBeInstanceOf(CopyOutTooLarge);
    for (let i = 0; i < 3; i++) {
      const reader = new BinaryCopyReader(await db.copyOut(sql`select ${i}::int`, { maxBytes: 100_000 }));
      expect(reader.next()).toBe(true);
      expect(reader.int4()).toBe(i);
    }
    expect((await db.sql.query<{ n: number }>('select 1 as n')).rows).toEqual([{ n: 1 }]);
  });

  it('answers an empty COPY for a select without rows, and refuses data that is not COPY binary', async () => {
    const db = await open();
    const reader = new BinaryCopyReader(await db.copyOut(sql`select 1 where false`));
    expect(reader.next()).toBe(false);
    expect(() => new BinaryCopyReader(new TextEncoder().encode('1\t2\n'))).toThrow(/Not COPY binary/);
  });

  it('refuses a table or column name that is not a plain identifier', async () => {
    const db = await open();
    await expect(db.copyRows('users; drop table users', ['id'], '')).rejects.toThrow(/plain identifier/);
  });
});
