import { randomBytes } from 'node:crypto';
import { describe } from '@jest/globals';
import pg from 'pg';

export type EngineName = 'sqlite' | 'postgres';

/** A database of its own for one app under test, and how to throw it away. */
export interface TestDatabase {
  readonly url: string;
  drop(): Promise<void>;
}

const postgresUrl = process.env.TEST_POSTGRES_URL;

/**
 * Runs a suite only when the real service it needs is configured; otherwise Jest reports
 * it as skipped, with the variable to set in its name.
 */
export function describeWith(variable: string, title: string, suite: () => void): void {
  if (process.env[variable]) describe(title, suite);
  else describe.skip(`${title} (SKIPPED: ${variable} is not set)`, suite);
}

/**
 * Runs the same suite on every engine available: SQLite always, PostgreSQL when
 * TEST_POSTGRES_URL is set. Without it the PostgreSQL block is reported as skipped,
 * by name, so nothing is lost silently.
 */
export function describeEachEngine(title: string, suite: (engine: EngineName) => void): void {
  describe(`${title} [sqlite]`, () => suite('sqlite'));
  describeWith('TEST_POSTGRES_URL', `${title} [postgres]`, () => suite('postgres'));
}

export async function createTestDatabase(engine: EngineName, dir: string): Promise<TestDatabase> {
  if (engine === 'sqlite') return { url: `sqlite:${dir}/loa.db`, drop: async () => {} };
  if (!postgresUrl) throw new Error('TEST_POSTGRES_URL is not set');
  const name = `loa_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: postgresUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(postgresUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: postgresUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}
