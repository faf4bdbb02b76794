// npm run bench:pop — proof-of-play ingestion: Loa's path (the batch check of @loa/protocol and
// PlaysService.ingest: one multi-row INSERT … ON CONFLICT DO NOTHING RETURNING per batch of 500,
// through TypeORM's DataSource, as the player gateway runs it) against the bare driver inserting
// the same rows (multi-row insert, conflict ignored), on SQLite and, with TEST_POSTGRES_URL, PostgreSQL.
import 'reflect-metadata';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { checkPlaysBatch, MAX_PLAYS_PER_BATCH, playIdAt } from '../libs/protocol/dist/index.js';
import { SystemClock } from '../apps/server/dist/clock/clock.js';
import { dataSourceOptions } from '../apps/server/dist/database/data-source-options.js';
import { PLAY_COLUMNS as COLUMNS, playRows, PlaysService } from '../apps/server/dist/plays/plays.service.js';

const SQLITE_ROWS = Number(process.env.BENCH_SQLITE_ROWS ?? 200_000);
const POSTGRES_ROWS = Number(process.env.BENCH_POSTGRES_ROWS ?? 100_000);
const POSTGRES_CONCURRENCY = Number(process.env.BENCH_POSTGRES_CONCURRENCY ?? 4);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const BATCH = MAX_PLAYS_PER_BATCH;

const screens = Array.from({ length: 100 }, (_, i) => ({
  id: randomUUID(),
  organisationPath: `/hcm/q${(i % 24) + 1}/`,
  localityPath: `/hcm/q${(i % 24) + 1}/p${i % 7}/`,
}));
const campaigns = Array.from({ length: 50 }, () => randomUUID());
const creatives = Array.from({ length: 200 }, () => randomUUID());

/**
 * Batches of records as players send them: a screen's plays of the days it was offline, each with
 * the time-ordered id the player makes (playIdAt) from when it started.
 */
function batchesOf(rows) {
  const batches = [];
  const start = Date.UTC(2020, 7, 10);
  for (let n = 0; n < rows; n += BATCH) {
    const screen = screens[(n / BATCH) % screens.length];
    const plays = [];
    for (let i = 0; i < Math.min(BATCH, rows - n); i++) {
      const at = start + (n + i) * 10_000;
      plays.push({
        playId: playIdAt(at + 35, randomBytes(10)),
        creativeId: creatives[(n + i) % creatives.length],
        renditionSha256: 'ab'.repeat(32),
        reason: i % 5 === 0 ? 'donation' : 'campaign',
        campaignId: campaigns[(n + i) % campaigns.length],
        donationId: null,
        emergencyId: null,
        entryId: null,
        scheduledStart: new Date(at).toISOString(),
        scheduledEnd: new Date(at + 10_000).toISOString(),
        startedAt: new Date(at + 35).toISOString(),
        endedAt: new Date(at + 10_000).toISOString(),
        shownSeconds: 9.965,
        outcome: 'complete',
        note: null,
      });
    }
    // the wire carries JSON: the server checks what it parsed
    batches.push({ screen, body: JSON.parse(JSON.stringify({ plays })) });
  }
  return batches;
}

async function loaIngest(dataSource, batches, concurrency) {
  const service = new PlaysService(dataSource, new SystemClock());
  let next = 0;
  let accepted = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < batches.length) {
        const { screen, body } = batches[next++];
        const checked = checkPlaysBatch(body);
        if (!checked.ok) throw new Error(checked.error.message);
        // read the count after the await: `accepted += await …` would add to a stale total
        const answer = await service.ingest(screen, checked.value.plays);
        accepted += answer.accepted;
      }
    }),
  );
  return { seconds: (performance.now() - started) / 1000, accepted };
}

async function migrated(database) {
  const dataSource = new DataSource({ ...dataSourceOptions(database), logger: 'advanced-console', logging: false });
  await dataSource.initialize();
  return dataSource;
}

async function sqliteRound(batches) {
  const dir = mkdtempSync(join(tmpdir(), 'loa-pop-'));
  try {
    const loaDb = await migrated({ type: 'sqlite', path: join(dir, 'loa.db') });
    const loa = await loaIngest(loaDb, batches, 1);
    await loaDb.destroy();

    const bareDb = await migrated({ type: 'sqlite', path: join(dir, 'bare.db') });
    await bareDb.destroy();
    const db = new Database(join(dir, 'bare.db'));
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    const statements = new Map();
    const statementFor = (rows) => {
      let statement = statements.get(rows);
      if (!statement) {
        const tuple = `(${COLUMNS.map(() => '?').join(', ')})`;
        statement = db.prepare(
          `INSERT INTO plays (${COLUMNS.map((c) => `"${c}"`).join(', ')}) VALUES ${Array(rows).fill(tuple).join(', ')} ON CONFLICT DO NOTHING`,
        );
        statements.set(rows, statement);
      }
      return statement;
    };
    const insert = db.transaction((rows, params) => statementFor(rows).run(params));
    // the bare driver gets its values ready-made: only the inserts are timed
    const prepared = batches.map(({ screen, body }) => [
      body.plays.length,
      playRows(screen, body.plays, new Date(), false),
    ]);
    const started = performance.now();
    for (const [rows, params] of prepared) insert(rows, params);
    const bare = { seconds: (performance.now() - started) / 1000 };
    const stored = db.prepare('SELECT COUNT(*) AS n FROM plays').get().n;
    db.close();
    if (stored !== loa.accepted) throw new Error(`bare stored ${stored}, Loa accepted ${loa.accepted}`);
    return { loa: loa.accepted / loa.seconds, bare: stored / bare.seconds };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function postgresRound(url, batches) {
  const name = `loa_pop_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const dbUrl = new URL(url);
  dbUrl.pathname = `/${name}`;
  try {
    const loaDb = await migrated({ type: 'postgres', url: dbUrl.toString() });
    const loa = await loaIngest(loaDb, batches, POSTGRES_CONCURRENCY);
    await loaDb.query('TRUNCATE plays');
    await loaDb.destroy();

    const pool = new pg.Pool({ connectionString: dbUrl.toString(), max: POSTGRES_CONCURRENCY });
    // the database is dropped WITH (FORCE) at the end: a client pg-pool has not let go of yet is cut, harmlessly
    pool.on('error', () => {});
    let n = 0;
    const tuples = (rows) =>
      Array.from({ length: rows }, () => `(${COLUMNS.map(() => `$${++n}`).join(', ')})`).join(', ');
    const sqlFor = new Map();
    const statementFor = (rows) => {
      let sql = sqlFor.get(rows);
      if (!sql) {
        n = 0;
        sql = `INSERT INTO plays (${COLUMNS.map((c) => `"${c}"`).join(', ')}) VALUES ${tuples(rows)} ON CONFLICT DO NOTHING`;
        sqlFor.set(rows, sql);
      }
      return sql;
    };
    const prepared = batches.map(({ screen, body }) => [
      statementFor(body.plays.length),
      playRows(screen, body.plays, new Date(), true),
    ]);
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: POSTGRES_CONCURRENCY }, async () => {
        while (next < prepared.length) {
          const [sql, params] = prepared[next++];
          await pool.query(sql, params);
        }
      }),
    );
    const bare = { seconds: (performance.now() - started) / 1000 };
    const stored = Number((await pool.query('SELECT COUNT(*) AS n FROM plays')).rows[0].n);
    await pool.end();
    if (stored !== loa.accepted) throw new Error(`bare stored ${stored}, Loa accepted ${loa.accepted}`);
    return { loa: loa.accepted / loa.seconds, bare: stored / bare.seconds };
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (x) => Math.round(x).toLocaleString('en');

const sqliteBatches = batchesOf(SQLITE_ROWS);
const sqlite = [];
for (let r = 0; r < ROUNDS; r++) {
  const round = await sqliteRound(sqliteBatches);
  sqlite.push(round);
  console.log(
    `sqlite round ${r + 1}: Loa ${fmt(round.loa)} rows/s, bare better-sqlite3 ${fmt(round.bare)} rows/s (${SQLITE_ROWS} rows, batches of ${BATCH})`,
  );
}
const sqliteLoa = median(sqlite.map((r) => r.loa));
const sqliteRatio = median(sqlite.map((r) => r.loa / r.bare));

let postgresLoa = NaN;
let postgresRatio = NaN;
const url = process.env.TEST_POSTGRES_URL;
if (url) {
  const postgresBatches = batchesOf(POSTGRES_ROWS);
  const rounds = [];
  for (let r = 0; r < ROUNDS; r++) {
    const round = await postgresRound(url, postgresBatches);
    rounds.push(round);
    console.log(
      `postgres round ${r + 1}: Loa ${fmt(round.loa)} rows/s, bare pg ${fmt(round.bare)} rows/s (${POSTGRES_ROWS} rows, ${POSTGRES_CONCURRENCY} at a time)`,
    );
  }
  postgresLoa = median(rounds.map((r) => r.loa));
  postgresRatio = median(rounds.map((r) => r.loa / r.bare));
} else {
  console.log('PostgreSQL SKIPPED: set TEST_POSTGRES_URL (e.g. postgres://postgres@127.0.0.1:5432/test) to measure it');
}
console.log(
  `pop sqlite_rows_s=${Math.round(sqliteLoa)} sqlite_ratio=${sqliteRatio.toFixed(2)} postgres_rows_s=${Number.isNaN(postgresLoa) ? 'skipped' : Math.round(postgresLoa)} postgres_ratio=${Number.isNaN(postgresRatio) ? 'skipped' : postgresRatio.toFixed(2)}`,
);
