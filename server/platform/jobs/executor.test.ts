import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnvironment, type TestEnvironment } from '../../../test/support/backend.ts';
import { openDatabase, type DatabaseHandle } from '../db/index.ts';
import { pgBossExecutor } from './index.ts';

describe('pg-boss executor', () => {
  let environment: TestEnvironment;
  let database: DatabaseHandle;

  beforeAll(async () => {
    environment = await createTestEnvironment();
    database = await openDatabase({ url: environment.env.DATABASE_URL, pglitePath: 'memory' });
    await database.sql.query('create table executor_probe (n int not null)');
  });
  afterAll(async () => {
    await database.close();
    await environment.cleanup();
  });

  it('runs a multi-statement script wrapped in BEGIN and COMMIT', async () => {
    const executor = pgBossExecutor(database);
    await executor.executeSql(
      `BEGIN;
       INSERT INTO executor_probe VALUES (1);
       INSERT INTO executor_probe VALUES (2);
       COMMIT;`,
      [],
    );
    const { rows } = await executor.executeSql('SELECT sum(n)::int AS total FROM executor_probe', []);
    expect(rows).toEqual([{ total: 3 }]);
  });

  it('rolls a failing script back and leaves the connection usable for the next query', async () => {
    const executor = pgBossExecutor(database);
    await expect(
      executor.executeSql(
        `BEGIN;
         INSERT INTO executor_probe VALUES (100);
         SELECT * FROM no_such_table;
         COMMIT;`,
        [],
      ),
    ).rejects.toThrow(/no_such_table/);
    // On PGlite there is one connection: an aborted transaction left open would fail this query.
    const { rows } = await database.sql.query<{ total: number }>('SELECT sum(n)::int AS total FROM executor_probe');
    expect(rows).toEqual([{ total: 3 }]);
  });

  it('passes parameters, arrays and JSON the way pg-boss sends them', async () => {
    const executor = pgBossExecutor(database);
    const { rows } = await executor.executeSql('SELECT $1::int[] AS ids, $2::jsonb AS data', [[1, 2], JSON.stringify({ a: 1 })]);
    expect(rows).toEqual([{ ids: [1, 2], data: { a: 1 } }]);
  });
});
