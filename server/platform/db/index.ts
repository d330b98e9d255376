import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import type { SQL } from 'drizzle-orm';
import { PgDialect, type PgDatabase, type PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import * as schema from '../../schema.ts';

export { BinaryCopyReader, BinaryCopyWriter } from './binary-copy.ts';

export type Schema = typeof schema;
export type Database = PgDatabase<PgQueryResultHKT, Schema>;
/** The callback handed to `db.transaction()`; pass it down explicitly to repositories. */
export type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0];
export type Executor = Database | Transaction;

/** Raw parameterised SQL for the few parts that do not go through Drizzle (pg-boss, health, benchmarks). */
export interface SqlClient {
  query<Row = Record<string, unknown>>(text: string, params?: unknown[]): Promise<{ rows: Row[]; rowCount: number }>;
}

export interface DatabaseHandle {
  kind: 'pglite' | 'postgres';
  db: Database;
  sql: SqlClient;
  /** Present in embedded mode: the one in-process PGlite instance. */
  pglite?: PGlite;
  /** Present in production mode: the connection pool. */
  pool?: pg.Pool;
  /**
   * Bulk-loads rows with COPY, the fastest way into a table. `rows` is either COPY's text format
   * (a string: tab between columns, newline after each row, values escaped with `copyText`) or its
   * binary format (bytes from a `BinaryCopyWriter`), which spares formatting numbers and dates as
   * text and the database parsing them. Both backends take both. Answers the row count.
   */
  copyRows(table: string, columns: readonly string[], rows: CopyData): Promise<number>;
  /**
   * Runs a select with COPY TO in binary format and answers its rows as COPY sends them, for a
   * `BinaryCopyReader`: the fastest way out of the database for many rows, as values come as the
   * database stores them rather than as text. Both backends do it. Every parameter of the query
   * needs a cast (`${id}::uuid`), as it is written into the statement as a quoted literal.
   */
  copyOut(query: SQL, options?: CopyOutOptions): Promise<Uint8Array>;
  migrate(): Promise<void>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** The rows of a statement run with Drizzle's `execute`: PGlite and node-postgres both answer an object with `rows`. */
export async function rowsOf<Row>(db: Executor, query: SQL): Promise<Row[]> {
  const result: unknown = await db.execute(query);
  return (result as { rows: Row[] }).rows;
}

/** Settings (`enable_seqscan: 'off'`...) for one statement alone: set local to its transaction. */
export type PlannerSettings = Record<string, string>;

export interface CopyOutOptions {
  settings?: PlannerSettings;
  /** Past this many bytes the COPY is given up with a `CopyOutTooLarge`, so one query cannot exhaust the process's memory. */
  maxBytes?: number;
}

/** A COPY out that would have answered more than the `maxBytes` asked for. */
export class CopyOutTooLarge extends Error {
  constructor(maxBytes: number) {
    super(`The COPY answered more than ${String(maxBytes)} bytes`);
  }
}

/** COPY text (a string) or COPY binary (bytes, header and trailer included). */
export type CopyData = string | Uint8Array;

export interface DatabaseOptions {
  /** A postgres:// URL; without one Fluxworks runs on embedded PGlite. */
  url?: string;
  poolSize?: number;
  /** PGlite data folder, or 'memory' for a throwaway in-memory database (tests). */
  pglitePath: string;
  onQuery?: (operation: string, seconds: number) => void;
}

export const migrationsFolder = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../migrations');

const MIGRATION_LOCK_ID = 7_340_291;

export async function openDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  return options.url ? openPostgres(options.url, options) : openPglite(options);
}

async function openPglite(options: DatabaseOptions): Promise<DatabaseHandle> {
  const dataDir = options.pglitePath === 'memory' ? undefined : options.pglitePath;
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const client = await PGlite.create(dataDir ? { dataDir } : {});
  timeQueries(client, options.onQuery);
  const db = drizzlePglite({ client, schema }) as unknown as Database;
  return {
    kind: 'pglite',
    db,
    pglite: client,
    sql: {
      async query(text, params) {
        const result = await client.query(text, params);
        return { rows: result.rows as never[], rowCount: result.affectedRows ?? result.rows.length };
      },
    },
    async copyRows(table, columns, rows) {
      const result = await client.query(copyStatement(table, columns, "'/dev/blob'", rows), [], { blob: new Blob([rows as BlobPart]) });
      return result.affectedRows ?? 0;
    },
    async copyOut(query, { settings = {}, maxBytes = Infinity } = {}) {
      const statement = copyOutStatement(query, "'/dev/blob'");
      const result = await client.transaction(async (tx) => {
        await tx.query(...settingsStatement(settings));
        return tx.query(statement);
      });
      // PGlite hands the data over whole; it is at least not copied again past the limit.
      if (result.blob!.size > maxBytes) throw new CopyOutTooLarge(maxBytes);
      return new Uint8Array(await result.blob!.arrayBuffer());
    },
    migrate: () => migratePglite(db as never, { migrationsFolder }),
    ping: async () => {
      await client.query('select 1');
    },
    close: () => client.close(),
  };
}

async function openPostgres(url: string, options: DatabaseOptions): Promise<DatabaseHandle> {
  const pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 10 });
  pool.on('error', () => undefined); // idle-client errors surface on the next query; /health reports them
  timeQueries(pool, options.onQuery);
  const db = drizzlePg({ client: pool, schema }) as unknown as Database;
  return {
    kind: 'postgres',
    db,
    pool,
    sql: {
      async query<Row>(text: string, params?: unknown[]) {
        const result = await pool.query<Row & pg.QueryResultRow>(text, params);
        return { rows: result.rows, rowCount: result.rowCount ?? 0 };
      },
    },
    async copyRows(table, columns, rows) {
      const client = await pool.connect();
      try {
        const stream = client.query(copyFrom(copyStatement(table, columns, 'stdin', rows)));
        await pipeline(Readable.from([typeof rows === 'string' ? rows : Buffer.from(rows.buffer, rows.byteOffset, rows.byteLength)]), stream);
        return stream.rowCount;
      } finally {
        client.release();
      }
    },
    async copyOut(query, { settings = {}, maxBytes = Infinity } = {}) {
      const statement = copyOutStatement(query, 'stdout');
      const client = await pool.connect();
      try {
        await client.query('begin read only');
        await client.query(...settingsStatement(settings));
        const chunks: Buffer[] = [];
        let bytes = 0;
        for await (const chunk of client.query(copyTo(statement))) {
          bytes += (chunk as Buffer).byteLength;
          if (bytes > maxBytes) throw new CopyOutTooLarge(maxBytes);
          chunks.push(chunk as Buffer);
        }
        await client.query('commit');
        client.release();
        return Buffer.concat(chunks);
      } catch (error) {
        // A COPY given up halfway leaves the connection mid-protocol: it is closed, not reused.
        client.release(error instanceof Error ? error : true);
        throw error;
      }
    },
    async migrate() {
      // Several nodes may boot at once: one migrates while the others wait on the advisory lock.
      const client = await pool.connect();
      try {
        await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_ID]);
        await migratePg(drizzlePg({ client, schema }), { migrationsFolder });
      } finally {
        await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_ID]).catch(() => undefined);
        client.release();
      }
    },
    ping: async () => {
      await pool.query('select 1');
    },
    close: () => pool.end(),
  };
}

const identifier = /^[a-z_][a-z0-9_]*$/;

function copyStatement(table: string, columns: readonly string[], source: string, rows: CopyData): string {
  for (const name of [table, ...columns]) if (!identifier.test(name)) throw new Error(`Not a plain identifier: ${name}`);
  return `copy ${table} (${columns.join(', ')}) from ${source}${typeof rows === 'string' ? '' : ' (format binary)'}`;
}

const dialect = new PgDialect();

/**
 * COPY takes no bind parameters, so each of the query's parameters is written into the statement
 * as a quoted literal (node-postgres' escapeLiteral: no value can end the literal early), cast as
 * the query casts it. Literals rather than values read at run time (current_setting) let the
 * planner see them, and spare re-reading them for every row, which cost microseconds a row.
 */
function copyOutStatement(query: SQL, target: string): string {
  const { sql: text, params } = dialect.sqlToQuery(query);
  const select = text.replace(/\$(\d+)/g, (_, index: string) => pg.escapeLiteral(literalText(params[Number(index) - 1])));
  return `copy (${select}) to ${target} (format binary)`;
}

/** One statement applying planner settings to the rest of the transaction. */
function settingsStatement(settings: PlannerSettings): [string, string[]] {
  const names = Object.keys(settings);
  const assignments = names.map((_, i) => `set_config($${String(2 * i + 1)}, $${String(2 * i + 2)}, true)`);
  return [`select ${assignments.length > 0 ? assignments.join(', ') : '1'}`, names.flatMap((name) => [name, settings[name]!])];
}

/** A parameter as the text its cast reads: arrays in PostgreSQL's array syntax. */
function literalText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return `{${value.map((element) => `"${literalText(element).replace(/["\\]/g, '\\$&')}"`).join(',')}}`;
  throw new Error('A COPY parameter must be a string, number, boolean, date or array of them');
}

/** A value written for COPY's text format: backslash, tab, newline and carriage return escaped; null as \N. */
export function copyText(value: string | null): string {
  if (value === null) return '\\N';
  return /[\\\t\n\r]/.test(value) ? value.replace(/[\\\t\n\r]/g, (c) => COPY_ESCAPES[c]!) : value;
}

const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** Wraps the driver's `query` so every statement's duration reaches the metrics. */
function timeQueries(target: { query: (...args: never[]) => unknown }, onQuery?: (operation: string, seconds: number) => void): void {
  if (!onQuery) return;
  const original = target.query.bind(target) as (...args: unknown[]) => unknown;
  (target as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
    const started = performance.now();
    const result = original(...args);
    if (result instanceof Promise) {
      const operation = statementKind(args[0]);
      const done = () => onQuery(operation, (performance.now() - started) / 1000);
      result.then(done, done);
    }
    return result;
  };
}

function statementKind(query: unknown): string {
  const text = typeof query === 'string' ? query : (query as { text?: string } | undefined)?.text ?? '';
  const word = /^\s*(\w+)/.exec(text)?.[1]?.toLowerCase();
  return word && ['select', 'insert', 'update', 'delete', 'with'].includes(word) ? word : 'other';
}
