// Every migration runs down to zero and up again, on a database of its own.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { randomBytes } from 'node:crypto';
import { createKnex } from './knex.ts';
import { dropDatabase, provisionDatabase } from './provision.ts';
import { migrateDown, migrateUp, migrationStatus } from './migrate.ts';
import { testConfig } from '../test/harness/platform.ts';

test('migrations: up, down to zero, up again; the app role owns nothing', async () => {
  const config = testConfig();
  const name = `clientnote_migrations_${randomBytes(4).toString('hex')}`;
  const ownerUrl = `postgres://clientnote_owner@127.0.0.1:5432/${name}`;
  const appUrl = `postgres://clientnote_app@127.0.0.1:5432/${name}`;
  await provisionDatabase({ adminUrl: config.database.adminUrl, ownerUrl, appUrl });
  const owner = createKnex(ownerUrl, { poolMax: 1 });
  const app = createKnex(appUrl, { poolMax: 1 });
  const tables = async () => (await owner('pg_tables').where({ schemaname: 'public' }).whereNot('tablename', 'like', 'knex_%').pluck('tablename')) as string[];
  try {
    const applied = await migrateUp({ ownerUrl, appUrl });
    assert.ok(applied.length >= 2);
    const full = await tables();
    assert.ok(full.includes('cases') && full.includes('users'));
    // The application role can use the tables but owns none and cannot alter them.
    await app('organisations').insert({ name: 'X' });
    try {
      await app.raw('drop table organisations cascade');
      assert.unreachable('the app role must not drop tables');
    } catch (error) {
      assert.match((error as Error).message, /must be owner|permission denied/);
    }
    const superuser = await app.raw('select rolsuper from pg_roles where rolname = current_user');
    assert.is(superuser.rows[0].rolsuper, false);
    await app('organisations').delete();

    await migrateDown({ ownerUrl });
    assert.equal(await tables(), []);
    assert.equal((await migrationStatus({ ownerUrl })).applied, []);
    const again = await migrateUp({ ownerUrl, appUrl });
    assert.equal(again, applied);
    assert.equal((await tables()).sort(), full.sort());
  } finally {
    await owner.destroy();
    await app.destroy();
    await dropDatabase(config.database.adminUrl, name);
  }
});

test.run();
