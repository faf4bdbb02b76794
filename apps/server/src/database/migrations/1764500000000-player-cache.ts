import { type MigrationInterface, type QueryRunner, TableColumn } from 'typeorm';

/** What each player says it holds of its plan's files (files, bytes, missing), for the console. */
export class PlayerCache1764500000000 implements MigrationInterface {
  name = 'PlayerCache1764500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn('screens', new TableColumn({ name: 'mediaCache', type: 'text', isNullable: true }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('screens', 'mediaCache');
  }
}
