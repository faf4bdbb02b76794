import { type MigrationInterface, type QueryRunner, TableColumn } from 'typeorm';

/** The player's zones: a campaign's ticker text and QR link, and each screen's layout of them. */
export class Zones1764400000000 implements MigrationInterface {
  name = 'Zones1764400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumns('campaigns', [
      new TableColumn({ name: 'ticker', type: 'varchar', length: '300', isNullable: true }),
      new TableColumn({ name: 'qrUrl', type: 'varchar', length: '500', isNullable: true }),
      new TableColumn({ name: 'qrCaption', type: 'varchar', length: '60', isNullable: true }),
    ]);
    // null: the default layout (DEFAULT_SCREEN_LAYOUT of @loa/protocol)
    await queryRunner.addColumn('screens', new TableColumn({ name: 'layout', type: 'text', isNullable: true }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('screens', 'layout');
    await queryRunner.dropColumns('campaigns', ['qrCaption', 'qrUrl', 'ticker']);
  }
}
