import type { MigrationInterface, QueryRunner } from 'typeorm';

/** What planning reads of a screen (ScreenForPlan): a change to any of them bumps the revision. */
export const PLANNING_COLUMNS = [
  'kind',
  'tags',
  'localityPath',
  'organisationPath',
  'venue',
  'profileKey',
  'timezone',
  'operatingHours',
  'layout',
] as const;

/**
 * A counter that every insert, delete or change of what planning reads of a screen bumps, in the
 * same transaction, by a trigger: a server keeps the screens' planning rows in memory and reads
 * them again only when the counter moved, whichever server, migration or hand-written statement
 * changed them. Presence (written thousands of times a second in a reconnect storm) leaves it be.
 * A later migration that rebuilds `screens` on SQLite (TypeORM's changeColumn does) drops these
 * triggers and must create them again; test/screen-rows.e2e-spec.ts checks they fire.
 */
export class ScreenRevision1764700000000 implements MigrationInterface {
  name = 'ScreenRevision1764700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const postgres = queryRunner.connection.options.type === 'postgres';
    await queryRunner.query(
      `CREATE TABLE "screen_revision" ("id" integer PRIMARY KEY CHECK ("id" = 1), ` +
        `"revision" ${postgres ? 'bigint' : 'integer'} NOT NULL)`,
    );
    await queryRunner.query('INSERT INTO "screen_revision" ("id", "revision") VALUES (1, 0)');
    const bump = 'UPDATE "screen_revision" SET "revision" = "revision" + 1';
    const columns = PLANNING_COLUMNS.map((c) => `"${c}"`).join(', ');
    if (postgres) {
      await queryRunner.query(
        `CREATE FUNCTION "loa_bump_screen_revision"() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN ${bump}; RETURN NULL; END $$`,
      );
      // once per statement: a move of a district's thousand screens is one bump
      await queryRunner.query(
        `CREATE TRIGGER "screens_revision" AFTER INSERT OR DELETE OR TRUNCATE OR UPDATE OF ${columns} ` +
          `ON "screens" FOR EACH STATEMENT EXECUTE FUNCTION "loa_bump_screen_revision"()`,
      );
      return;
    }
    // SQLite triggers fire once per row
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
