import { type MigrationInterface, type QueryRunner, Table, TableIndex } from 'typeorm';
import { columnTypes } from '../column-types.js';

/** Proof of play. No foreign keys: a play stays proven after its creative, campaign or screen is gone. */
export class Plays1764200000000 implements MigrationInterface {
  name = 'Plays1764200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const t = columnTypes(queryRunner.connection.options.type);
    const id = (name: string, isNullable = true) => ({ name, type: t.uuid, isNullable });
    const instant = (name: string) => ({ name, type: t.timestamp });
    await queryRunner.createTable(
      new Table({
        name: 'plays',
        columns: [
          { ...id('playId', false), isPrimary: true },
          id('screenId', false),
          { name: 'organisationPath', type: 'varchar', length: '1024' },
          { name: 'localityPath', type: 'varchar', length: '1024' },
          id('creativeId'),
          { name: 'renditionSha256', type: 'varchar', length: '64', isNullable: true },
          { name: 'reason', type: 'varchar', length: '16' },
          id('campaignId'),
          id('donationId'),
          id('emergencyId'),
          id('entryId'),
          instant('scheduledStart'),
          instant('scheduledEnd'),
          instant('startedAt'),
          instant('endedAt'),
          { name: 'shownSeconds', type: 'double precision' },
          { name: 'outcome', type: 'varchar', length: '16' },
          { name: 'note', type: 'varchar', length: '200', isNullable: true },
          instant('receivedAt'),
        ],
        indices: [
          new TableIndex({ name: 'IDX_plays_screen_started', columnNames: ['screenId', 'startedAt'] }),
          new TableIndex({ name: 'IDX_plays_campaign_started', columnNames: ['campaignId', 'startedAt'] }),
          new TableIndex({ name: 'IDX_plays_donation_started', columnNames: ['donationId', 'startedAt'] }),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('plays');
  }
}
