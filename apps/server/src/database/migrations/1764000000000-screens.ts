import { type MigrationInterface, type QueryRunner, Table, TableForeignKey, TableIndex } from 'typeorm';
import { columnTypes } from '../column-types.js';

/** Screens, pairing, dynamic groups, what each screen is assigned to play and the playlists it was sent. */
export class Screens1764000000000 implements MigrationInterface {
  name = 'Screens1764000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const t = columnTypes(queryRunner.connection.options.type);
    const id = { name: 'id', type: t.uuid, isPrimary: true, ...t.uuidDefault };
    const createdAt = { name: 'createdAt', type: t.timestamp, default: t.now };
    const updatedAt = { name: 'updatedAt', type: t.timestamp, default: t.now };
    const path = (name: string) => ({ name, type: 'varchar', length: '1024' });
    const organisationFk = (table: string, column: string) =>
      new TableForeignKey({
        name: `FK_${table}_${column}`,
        columnNames: [column],
        referencedTableName: 'organisations',
        referencedColumnNames: ['id'],
        onDelete: 'RESTRICT',
      });

    await queryRunner.createTable(
      new Table({
        name: 'screens',
        columns: [
          id,
          { name: 'name', type: 'varchar', length: '200' },
          { name: 'kind', type: 'varchar', length: '20' },
          { name: 'profileKey', type: 'varchar', length: '48' },
          { name: 'organisationId', type: t.uuid },
          path('organisationPath'),
          { name: 'localityId', type: t.uuid },
          path('localityPath'),
          { name: 'venue', type: 'varchar', length: '200', isNullable: true },
          { name: 'address', type: 'varchar', length: '500', isNullable: true },
          { name: 'latitude', type: 'double precision', isNullable: true },
          { name: 'longitude', type: 'double precision', isNullable: true },
          { name: 'timezone', type: 'varchar', length: '64' },
          { name: 'operatingHours', type: 'text', isNullable: true },
          { name: 'tags', type: 'text' },
          { name: 'deviceTokenHash', type: 'varchar', length: '64', isNullable: true },
          { name: 'devicePairedAt', type: t.timestamp, isNullable: true },
          { name: 'playlistVersion', type: 'varchar', length: '64', isNullable: true },
          { name: 'online', type: 'boolean', default: t.false },
          { name: 'lastSeenAt', type: t.timestamp, isNullable: true },
          { name: 'playerVersion', type: 'varchar', length: '40', isNullable: true },
          { name: 'viewport', type: 'text', isNullable: true },
          { name: 'freeBytes', type: 'bigint', isNullable: true },
          { name: 'playing', type: 'text', isNullable: true },
          createdAt,
          updatedAt,
        ],
        indices: [
          new TableIndex({ name: 'IDX_screens_organisation_path', columnNames: ['organisationPath'] }),
          new TableIndex({ name: 'IDX_screens_locality_path', columnNames: ['localityPath'] }),
          new TableIndex({ name: 'IDX_screens_device_token', columnNames: ['deviceTokenHash'], isUnique: true }),
        ],
        foreignKeys: [
          organisationFk('screens', 'organisationId'),
          organisationFk('screens', 'localityId'),
          new TableForeignKey({
            name: 'FK_screens_profile',
            columnNames: ['profileKey'],
            referencedTableName: 'screen_profiles',
            referencedColumnNames: ['key'],
            onDelete: 'RESTRICT',
          }),
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'screen_groups',
        columns: [
          id,
          { name: 'name', type: 'varchar', length: '200' },
          { name: 'organisationId', type: t.uuid },
          path('organisationPath'),
          { name: 'tags', type: 'text' },
          { name: 'localityIds', type: 'text' },
          { name: 'kinds', type: 'text' },
          createdAt,
          updatedAt,
        ],
        indices: [new TableIndex({ name: 'IDX_screen_groups_path', columnNames: ['organisationPath'] })],
        foreignKeys: [organisationFk('screen_groups', 'organisationId')],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'playlist_entries',
        columns: [
          id,
          { name: 'creativeId', type: t.uuid },
          { name: 'screenId', type: t.uuid, isNullable: true },
          { name: 'groupId', type: t.uuid, isNullable: true },
          { name: 'position', type: 'integer' },
          { name: 'durationSeconds', type: 'double precision', isNullable: true },
          path('organisationPath'),
          { name: 'createdById', type: t.uuid, isNullable: true },
          createdAt,
        ],
        indices: [
          new TableIndex({ name: 'IDX_playlist_entries_creative', columnNames: ['creativeId'] }),
          new TableIndex({ name: 'IDX_playlist_entries_screen', columnNames: ['screenId'] }),
          new TableIndex({ name: 'IDX_playlist_entries_group', columnNames: ['groupId'] }),
        ],
        foreignKeys: [
          // deleting a creative in use is refused with where it is used (CreativeUsages)
          new TableForeignKey({
            name: 'FK_playlist_entries_creative',
            columnNames: ['creativeId'],
            referencedTableName: 'creatives',
            referencedColumnNames: ['id'],
            onDelete: 'RESTRICT',
          }),
          new TableForeignKey({
            name: 'FK_playlist_entries_screen',
            columnNames: ['screenId'],
            referencedTableName: 'screens',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          }),
          new TableForeignKey({
            name: 'FK_playlist_entries_group',
            columnNames: ['groupId'],
            referencedTableName: 'screen_groups',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          }),
          new TableForeignKey({
            name: 'FK_playlist_entries_created_by',
            columnNames: ['createdById'],
            referencedTableName: 'users',
            referencedColumnNames: ['id'],
            onDelete: 'SET NULL',
          }),
        ],
      }),
    );

    // content-addressed: screens with the same content share one row, named by its hash
    await queryRunner.createTable(
      new Table({
        name: 'playlist_documents',
        columns: [
          { name: 'version', type: 'varchar', length: '64', isPrimary: true },
          { name: 'body', type: 'text' },
          createdAt,
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'pairing_codes',
        columns: [
          { name: 'code', type: 'varchar', length: '6', isPrimary: true },
          { name: 'channel', type: 'varchar', length: '64' },
          { name: 'expiresAt', type: t.timestamp },
          { name: 'claimedAt', type: t.timestamp, isNullable: true },
          { name: 'screenId', type: t.uuid, isNullable: true },
          createdAt,
        ],
        indices: [
          new TableIndex({ name: 'IDX_pairing_codes_channel', columnNames: ['channel'] }),
          new TableIndex({ name: 'IDX_pairing_codes_expires', columnNames: ['expiresAt'] }),
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'screen_screenshots',
        columns: [
          { name: 'screenId', type: t.uuid, isPrimary: true },
          { name: 'mimeType', type: 'varchar', length: '40' },
          { name: 'imageBase64', type: 'text' },
          { name: 'takenAt', type: t.timestamp },
        ],
        foreignKeys: [
          new TableForeignKey({
            name: 'FK_screen_screenshots_screen',
            columnNames: ['screenId'],
            referencedTableName: 'screens',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          }),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [
      'screen_screenshots',
      'pairing_codes',
      'playlist_documents',
      'playlist_entries',
      'screen_groups',
      'screens',
    ]) {
      await queryRunner.dropTable(table);
    }
  }
}
