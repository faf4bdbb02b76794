import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What planning read of a screen when this migration was written (ScreenPlanRows reads
 * PLANNING_COLUMNS in screen-rows.ts; test/screen-rows.e2e-spec.ts checks every one of those
 * moves the revision). A later change of that list needs a migration of its own.
 */
const COLUMNS = [
  'kind',
  'tags',
  'localityPath',
  'organisationPath',
  'venue',
  'profileKey',
  'timezone',
  'operatingHours',
  'layout',
];

/**
 * A revision that every insert, delete or change of what planning reads of a screen replaces,
 * in the same transaction, by a trigger: a server keeps the screens' planning rows in memory and
 * reads them again only when the revision changed, whichever server, migration or hand-written
 * statement changed them. Presence (written thousands of times a second in a reconnect storm)
 * leaves it be. A random value, not a count: a count rolled back and counted again would repeat a
 * value a server may have kept rows under. A later migration that rebuilds `screens` on SQLite
 * (TypeORM's changeColumn does) drops these triggers and must create them again.
 */
export class ScreenRevision1764700000000 implements MigrationInterface {
  name = 'ScreenRevision1764700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const postgres = queryRunner.connection.options.type === 'postgres';
    const fresh = postgres ? 'gen_random_uuid()::text' : 'lower(hex(randomblob(16)))';
    await queryRunner.query(
      'CREATE TABLE "screen_revision" ("id" integer PRIMARY KEY CHECK ("id" = 1), "revision" varchar(36) NOT NULL)',
    );
    await queryRunner.query(`INSERT INTO "screen_revision" ("id", "revision") VALUES (1, ${fresh})`);
    const bump = `UPDATE "screen_revision" SET "revision" = ${fresh}`;
    const columns = COLUMNS.map((c) => `"${c}"`).join(', ');
    if (postgres) {
      await queryRunner.query(
        `CREATE FUNCTION "loa_bump_screen_revision"() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN ${bump}; RETURN NULL; END $$`,
      );
      // once per statement, and before it: a writer takes the revision's row lock before any
      // screen's, so two writers of screens always lock in the same order (no deadlock)
      await queryRunner.query(
        `CREATE TRIGGER "screens_revision" BEFORE INSERT OR DELETE OR TRUNCATE OR UPDATE OF ${columns} ` +
          `ON "screens" FOR EACH STATEMENT EXECUTE FUNCTION "loa_bump_screen_revision"()`,
      );
      return;
    }
    // SQLite triggers fire once per row; one writer at a time, so no lock order to keep
    for (const [name, event] of [
      ['insert', 'INSERT'],
      ['delete', 'DELETE'],
      ['update', `UPDATE OF ${columns}`],
    ]) {
      await queryRunner.query(
        `CREATE TRIGGER "screens_revision_${name}" AFTER ${event} ON "screens" BEGIN ${bump}; END`,
      );
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type === 'postgres') {
      await queryRunner.query('DROP TRIGGER "screens_revision" ON "screens"');
      await queryRunner.query('DROP FUNCTION "loa_bump_screen_revision"()');
    } else {
      for (const name of ['insert', 'delete', 'update'])
        await queryRunner.query(`DROP TRIGGER "screens_revision_${name}"`);
    }
    await queryRunner.query('DROP TABLE "screen_revision"');
  }
}
