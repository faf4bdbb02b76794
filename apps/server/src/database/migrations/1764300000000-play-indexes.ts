import { type MigrationInterface, type QueryRunner, TableIndex } from 'typeorm';

/**
 * Fewer, cheaper indexes on plays, measured with bench:pop: every index is written on each of the
 * millions of plays a network reports, and a (campaign, start) index is written at as many places
 * per batch as the batch has campaigns. Reports read a date range (start), a screen's proof
 * (screen, start) and a donor's plays, which only the few donated plays carry (a partial index).
 */
export class PlayIndexes1764300000000 implements MigrationInterface {
  name = 'PlayIndexes1764300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('plays', 'IDX_plays_campaign_started');
    await queryRunner.dropIndex('plays', 'IDX_plays_donation_started');
    await queryRunner.createIndex('plays', new TableIndex({ name: 'IDX_plays_started', columnNames: ['startedAt'] }));
    await queryRunner.createIndex(
      'plays',
      new TableIndex({
        name: 'IDX_plays_donation_started',
        columnNames: ['donationId', 'startedAt'],
        where: '"donationId" IS NOT NULL',
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('plays', 'IDX_plays_donation_started');
    await queryRunner.dropIndex('plays', 'IDX_plays_started');
    await queryRunner.createIndex(
      'plays',
      new TableIndex({ name: 'IDX_plays_donation_started', columnNames: ['donationId', 'startedAt'] }),
    );
    await queryRunner.createIndex(
      'plays',
      new TableIndex({ name: 'IDX_plays_campaign_started', columnNames: ['campaignId', 'startedAt'] }),
    );
  }
}
