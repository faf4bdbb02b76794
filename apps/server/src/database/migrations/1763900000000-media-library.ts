import { type MigrationInterface, type QueryRunner, Table, TableForeignKey, TableIndex } from 'typeorm';
import { DEFAULT_SCREEN_PROFILES } from '@loa/media-plan';
import { columnTypes } from '../column-types.js';

export class MediaLibrary1763900000000 implements MigrationInterface {
  name = 'MediaLibrary1763900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const t = columnTypes(queryRunner.connection.options.type);
    const id = { name: 'id', type: t.uuid, isPrimary: true, ...t.uuidDefault };
    const createdAt = { name: 'createdAt', type: t.timestamp, default: t.now };
    const updatedAt = { name: 'updatedAt', type: t.timestamp, default: t.now };
    const sha256 = (name: string, nullable = false) => ({ name, type: 'varchar', length: '64', isNullable: nullable });
    const nullableInt = (name: string) => ({ name, type: 'integer', isNullable: true });

    await queryRunner.createTable(
      new Table({
        name: 'screen_profiles',
        columns: [
          { name: 'key', type: 'varchar', length: '48', isPrimary: true },
          { name: 'name', type: 'varchar', length: '200' },
          { name: 'width', type: 'integer' },
          { name: 'height', type: 'integer' },
          { name: 'active', type: 'boolean', default: t.true },
          createdAt,
          updatedAt,
        ],
      }),
    );
    for (const profile of DEFAULT_SCREEN_PROFILES) {
      await queryRunner.manager
        .createQueryBuilder()
        .insert()
        .into('screen_profiles')
        .values({ key: profile.key, name: profile.name, width: profile.width, height: profile.height })
        .execute();
    }

    await queryRunner.createTable(
      new Table({
        name: 'media_objects',
        columns: [
          { ...sha256('sha256'), isPrimary: true },
          { name: 'byteSize', type: 'bigint' },
          { name: 'contentType', type: 'varchar', length: '100' },
          createdAt,
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'creatives',
        columns: [
          id,
          { name: 'organisationId', type: t.uuid, isNullable: true },
          { name: 'organisationPath', type: 'varchar', length: '1024', isNullable: true },
          { name: 'title', type: 'varchar', length: '200' },
          { name: 'tags', type: 'text' },
          { name: 'kind', type: 'varchar', length: '10' },
          { name: 'status', type: 'varchar', length: '12' },
          { name: 'failure', type: 'text', isNullable: true },
          { name: 'progress', type: 'double precision', default: '0' },
          { name: 'review', type: 'varchar', length: '12' },
          { name: 'rejectionReason', type: 'varchar', length: '1000', isNullable: true },
          { name: 'fit', type: 'varchar', length: '10' },
          { name: 'background', type: 'varchar', length: '7' },
          { name: 'notBefore', type: t.timestamp, isNullable: true },
          { name: 'notAfter', type: t.timestamp, isNullable: true },
          sha256('sha256', true),
          { name: 'originalName', type: 'varchar', length: '255' },
          { name: 'format', type: 'varchar', length: '20' },
          { name: 'mimeType', type: 'varchar', length: '100' },
          { name: 'byteSize', type: 'bigint' },
          nullableInt('width'),
          nullableInt('height'),
          { name: 'durationSeconds', type: 'double precision', isNullable: true },
          { name: 'videoCodec', type: 'varchar', length: '20', isNullable: true },
          { name: 'audioCodec', type: 'varchar', length: '20', isNullable: true },
          { name: 'createdById', type: t.uuid, isNullable: true },
          { name: 'submittedById', type: t.uuid, isNullable: true },
          { name: 'reviewedById', type: t.uuid, isNullable: true },
          { name: 'reviewedAt', type: t.timestamp, isNullable: true },
          createdAt,
          updatedAt,
        ],
        indices: [
          new TableIndex({ name: 'IDX_creatives_path', columnNames: ['organisationPath'] }),
          new TableIndex({ name: 'IDX_creatives_status', columnNames: ['status'] }),
          new TableIndex({ name: 'IDX_creatives_review', columnNames: ['review'] }),
          new TableIndex({ name: 'IDX_creatives_sha256', columnNames: ['sha256'] }),
        ],
        foreignKeys: [
          new TableForeignKey({
            name: 'FK_creatives_organisation',
            columnNames: ['organisationId'],
            referencedTableName: 'organisations',
            referencedColumnNames: ['id'],
            onDelete: 'RESTRICT',
          }),
          new TableForeignKey({
            name: 'FK_creatives_object',
            columnNames: ['sha256'],
            referencedTableName: 'media_objects',
            referencedColumnNames: ['sha256'],
            onDelete: 'RESTRICT',
          }),
          ...['createdById', 'submittedById', 'reviewedById'].map(
            (column) =>
              new TableForeignKey({
                name: `FK_creatives_${column}`,
                columnNames: [column],
                referencedTableName: 'users',
                referencedColumnNames: ['id'],
                onDelete: 'SET NULL',
              }),
          ),
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'renditions',
        columns: [
          id,
          { name: 'creativeId', type: t.uuid },
          { name: 'purpose', type: 'varchar', length: '12' },
          { name: 'profiles', type: 'text' },
          { name: 'format', type: 'varchar', length: '10' },
          { name: 'mimeType', type: 'varchar', length: '100' },
          nullableInt('width'),
          nullableInt('height'),
          { name: 'durationSeconds', type: 'double precision', isNullable: true },
          { name: 'videoCodec', type: 'varchar', length: '20', isNullable: true },
          { name: 'audioCodec', type: 'varchar', length: '20', isNullable: true },
          sha256('sha256'),
          { name: 'byteSize', type: 'bigint' },
          { name: 'recipe', type: 'varchar', length: '40' },
          createdAt,
        ],
        indices: [
          new TableIndex({ name: 'IDX_renditions_creative', columnNames: ['creativeId'] }),
          new TableIndex({ name: 'IDX_renditions_sha256', columnNames: ['sha256'] }),
        ],
        foreignKeys: [
          new TableForeignKey({
            name: 'FK_renditions_creative',
            columnNames: ['creativeId'],
            referencedTableName: 'creatives',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          }),
          new TableForeignKey({
            name: 'FK_renditions_object',
            columnNames: ['sha256'],
            referencedTableName: 'media_objects',
            referencedColumnNames: ['sha256'],
            onDelete: 'RESTRICT',
          }),
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'upload_sessions',
        columns: [
          id,
          { name: 'createdById', type: t.uuid },
          { name: 'organisationId', type: t.uuid, isNullable: true },
          { name: 'organisationPath', type: 'varchar', length: '1024', isNullable: true },
          { name: 'fileName', type: 'varchar', length: '255' },
          { name: 'byteSize', type: 'bigint' },
          { name: 'receivedBytes', type: 'bigint' },
          { name: 'title', type: 'varchar', length: '200' },
          { name: 'tags', type: 'text' },
          { name: 'fit', type: 'varchar', length: '10' },
          { name: 'background', type: 'varchar', length: '7' },
          { name: 'notBefore', type: t.timestamp, isNullable: true },
          { name: 'notAfter', type: t.timestamp, isNullable: true },
          { name: 'creativeId', type: t.uuid, isNullable: true },
          { name: 'expiresAt', type: t.timestamp },
          createdAt,
        ],
        indices: [new TableIndex({ name: 'IDX_upload_sessions_expires', columnNames: ['expiresAt'] })],
        foreignKeys: [
          new TableForeignKey({
            name: 'FK_upload_sessions_user',
            columnNames: ['createdById'],
            referencedTableName: 'users',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          }),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['upload_sessions', 'renditions', 'creatives', 'media_objects', 'screen_profiles']) {
      await queryRunner.dropTable(table);
    }
  }
}
