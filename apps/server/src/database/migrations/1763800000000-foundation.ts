import { type MigrationInterface, type QueryRunner, Table, TableForeignKey, TableIndex } from 'typeorm';
import { columnTypes } from '../column-types.js';

export class Foundation1763800000000 implements MigrationInterface {
  name = 'Foundation1763800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const t = columnTypes(queryRunner.connection.options.type);
    const id = { name: 'id', type: t.uuid, isPrimary: true, ...t.uuidDefault };
    const createdAt = { name: 'createdAt', type: t.timestamp, default: t.now };
    const updatedAt = { name: 'updatedAt', type: t.timestamp, default: t.now };

    await queryRunner.createTable(
      new Table({
        name: 'organisations',
        columns: [
          id,
          { name: 'name', type: 'varchar', length: '200' },
          { name: 'kind', type: 'varchar', length: '20' },
          { name: 'code', type: 'varchar', length: '32', isNullable: true },
          { name: 'parentId', type: t.uuid, isNullable: true },
          { name: 'path', type: 'varchar', length: '1024' },
          createdAt,
          updatedAt,
        ],
        indices: [
          new TableIndex({ name: 'IDX_organisations_path', columnNames: ['path'] }),
          new TableIndex({ name: 'IDX_organisations_parent', columnNames: ['parentId'] }),
          new TableIndex({ name: 'UQ_organisations_code', columnNames: ['code'], isUnique: true }),
        ],
        foreignKeys: [
          new TableForeignKey({
            name: 'FK_organisations_parent',
            columnNames: ['parentId'],
            referencedTableName: 'organisations',
            referencedColumnNames: ['id'],
            onDelete: 'RESTRICT',
          }),
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'users',
        columns: [
          id,
          { name: 'email', type: 'varchar', length: '254' },
          { name: 'displayName', type: 'varchar', length: '200' },
          { name: 'passwordHash', type: 'varchar', length: '255' },
          { name: 'role', type: 'varchar', length: '20' },
          { name: 'organisationId', type: t.uuid, isNullable: true },
          { name: 'active', type: 'boolean', default: t.true },
          { name: 'mustChangePassword', type: 'boolean', default: t.false },
          { name: 'lastLoginAt', type: t.timestamp, isNullable: true },
          createdAt,
          updatedAt,
        ],
        indices: [
          new TableIndex({ name: 'UQ_users_email', columnNames: ['email'], isUnique: true }),
          new TableIndex({ name: 'IDX_users_organisation', columnNames: ['organisationId'] }),
        ],
        foreignKeys: [
          new TableForeignKey({
            name: 'FK_users_organisation',
            columnNames: ['organisationId'],
            referencedTableName: 'organisations',
            referencedColumnNames: ['id'],
            onDelete: 'RESTRICT',
          }),
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'sessions',
        columns: [
          id,
          { name: 'userId', type: t.uuid },
          { name: 'tokenHash', type: 'varchar', length: '64' },
          { name: 'familyId', type: t.uuid },
          { name: 'expiresAt', type: t.timestamp },
          { name: 'revokedAt', type: t.timestamp, isNullable: true },
          { name: 'userAgent', type: 'varchar', length: '300', isNullable: true },
          { name: 'ip', type: 'varchar', length: '64', isNullable: true },
          createdAt,
        ],
        indices: [
          new TableIndex({ name: 'UQ_sessions_token', columnNames: ['tokenHash'], isUnique: true }),
          new TableIndex({ name: 'IDX_sessions_user', columnNames: ['userId'] }),
          new TableIndex({ name: 'IDX_sessions_family', columnNames: ['familyId'] }),
        ],
        foreignKeys: [
          new TableForeignKey({
            name: 'FK_sessions_user',
            columnNames: ['userId'],
            referencedTableName: 'users',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          }),
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'audit_entries',
        columns: [
          id,
          { name: 'at', type: t.timestamp },
          { name: 'actorId', type: t.uuid, isNullable: true },
          { name: 'actorEmail', type: 'varchar', length: '254', isNullable: true },
          { name: 'action', type: 'varchar', length: '64' },
          { name: 'objectType', type: 'varchar', length: '40' },
          { name: 'objectId', type: 'varchar', length: '64', isNullable: true },
          { name: 'organisationPath', type: 'varchar', length: '1024', isNullable: true },
          { name: 'details', type: 'text', isNullable: true },
          { name: 'ip', type: 'varchar', length: '64', isNullable: true },
          { name: 'requestId', type: 'varchar', length: '64', isNullable: true },
        ],
        indices: [
          new TableIndex({ name: 'IDX_audit_at', columnNames: ['at'] }),
          new TableIndex({ name: 'IDX_audit_actor', columnNames: ['actorId'] }),
          new TableIndex({ name: 'IDX_audit_action', columnNames: ['action'] }),
          new TableIndex({ name: 'IDX_audit_object', columnNames: ['objectType', 'objectId'] }),
          new TableIndex({ name: 'IDX_audit_organisation_path', columnNames: ['organisationPath'] }),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('audit_entries');
    await queryRunner.dropTable('sessions');
    await queryRunner.dropTable('users');
    await queryRunner.dropTable('organisations');
  }
}
