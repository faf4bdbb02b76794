import { type MigrationInterface, type QueryRunner, Table, TableColumn } from 'typeorm';
import { columnTypes } from '../column-types.js';

/**
 * Each screen's playlist version moves from the screens table to a narrow table of its own:
 * pushes write thousands of versions at once, and rewriting whole screen rows was most of a
 * push's database time. The column is dropped in place (no table rebuild: SQLite would
 * otherwise drop and recreate `screens`, which other tables reference).
 */
export class ScreenPlaylists1764600000000 implements MigrationInterface {
  name = 'ScreenPlaylists1764600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const t = columnTypes(queryRunner.connection.options.type);
    await queryRunner.createTable(
      new Table({
        name: 'screen_playlists',
        columns: [
          { name: 'screenId', type: t.uuid, isPrimary: true },
          { name: 'version', type: 'varchar', length: '64', isNullable: false },
        ],
        foreignKeys: [
          {
            name: 'FK_screen_playlists_screen',
            columnNames: ['screenId'],
            referencedTableName: 'screens',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          },
        ],
      }),
    );
    await queryRunner.query(
      'INSERT INTO "screen_playlists" ("screenId", "version") ' +
        'SELECT "id", "playlistVersion" FROM "screens" WHERE "playlistVersion" IS NOT NULL',
    );
    await queryRunner.query('ALTER TABLE "screens" DROP COLUMN "playlistVersion"');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn(
      'screens',
      new TableColumn({ name: 'playlistVersion', type: 'varchar', length: '64', isNullable: true }),
    );
    await queryRunner.query(
      'UPDATE "screens" SET "playlistVersion" = ' +
        '(SELECT "version" FROM "screen_playlists" WHERE "screen_playlists"."screenId" = "screens"."id")',
    );
    await queryRunner.dropTable('screen_playlists');
  }
}
