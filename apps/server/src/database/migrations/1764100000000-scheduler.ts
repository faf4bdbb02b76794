import { type MigrationInterface, type QueryRunner, Table, TableColumn, TableForeignKey, TableIndex } from 'typeorm';
import { columnTypes } from '../column-types.js';

/** Defaults from the issue: transit loops of two minutes, elevators one, outdoor LED five; 10 s slots. */
export const DEFAULT_LOOP_POLICIES = [
  { key: 'kind:transit', loopSeconds: 120, slotSeconds: 10 },
  { key: 'kind:elevator', loopSeconds: 60, slotSeconds: 10 },
  { key: 'kind:led_outdoor', loopSeconds: 300, slotSeconds: 10 },
  { key: 'kind:web', loopSeconds: 120, slotSeconds: 10 },
];

/** Campaigns, donations, emergencies, loop policies; organisation-wide filler; who may trigger emergencies. */
export class Scheduler1764100000000 implements MigrationInterface {
  name = 'Scheduler1764100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const t = columnTypes(queryRunner.connection.options.type);
    const id = { name: 'id', type: t.uuid, isPrimary: true, ...t.uuidDefault };
    const createdAt = { name: 'createdAt', type: t.timestamp, default: t.now };
    const path = (name: string, isNullable = false) => ({ name, type: 'varchar', length: '1024', isNullable });
    const fk = (table: string, column: string, target: string, onDelete: 'RESTRICT' | 'CASCADE' | 'SET NULL') =>
      new TableForeignKey({
        name: `FK_${table}_${column}`,
        columnNames: [column],
        referencedTableName: target,
        referencedColumnNames: ['id'],
        onDelete,
      });

    await queryRunner.createTable(
      new Table({
        name: 'campaigns',
        columns: [
          id,
          { name: 'name', type: 'varchar', length: '200' },
          { name: 'organisationId', type: t.uuid },
          path('organisationPath'),
          { name: 'status', type: 'varchar', length: '20' },
          { name: 'priority', type: 'varchar', length: '20' },
          { name: 'flightStart', type: t.timestamp },
          { name: 'flightEnd', type: t.timestamp },
          { name: 'dayparts', type: 'text' },
          { name: 'targeting', type: 'text' },
          { name: 'frequency', type: 'text', isNullable: true },
          { name: 'minGapSeconds', type: 'integer', isNullable: true },
          { name: 'acceptsDonations', type: 'boolean', default: t.false },
          { name: 'createdById', type: t.uuid, isNullable: true },
          createdAt,
          { name: 'updatedAt', type: t.timestamp, default: t.now },
        ],
        indices: [new TableIndex({ name: 'IDX_campaigns_path', columnNames: ['organisationPath'] })],
        foreignKeys: [
          fk('campaigns', 'organisationId', 'organisations', 'RESTRICT'),
          fk('campaigns', 'createdById', 'users', 'SET NULL'),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'campaign_creatives',
        columns: [
          id,
          { name: 'campaignId', type: t.uuid },
          { name: 'creativeId', type: t.uuid },
          { name: 'position', type: 'integer' },
          { name: 'weight', type: 'integer' },
          { name: 'durationSeconds', type: 'integer', isNullable: true },
        ],
        indices: [
          new TableIndex({ name: 'IDX_campaign_creatives_campaign', columnNames: ['campaignId'] }),
          new TableIndex({ name: 'IDX_campaign_creatives_creative', columnNames: ['creativeId'] }),
        ],
        foreignKeys: [
          fk('campaign_creatives', 'campaignId', 'campaigns', 'CASCADE'),
          // deleting a creative a campaign uses is refused with where it is used (CreativeUsages)
          fk('campaign_creatives', 'creativeId', 'creatives', 'RESTRICT'),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'donations',
        columns: [
          id,
          { name: 'organisationId', type: t.uuid },
          path('organisationPath'),
          { name: 'campaignId', type: t.uuid, isNullable: true },
          { name: 'amount', type: 'text' },
          { name: 'targeting', type: 'text' },
          { name: 'startsAt', type: t.timestamp },
          { name: 'endsAt', type: t.timestamp, isNullable: true },
          { name: 'dayparts', type: 'text' },
          { name: 'maxPlaysPerDay', type: 'integer', isNullable: true },
          { name: 'withdrawnAt', type: t.timestamp, isNullable: true },
          { name: 'note', type: 'varchar', length: '500', isNullable: true },
          { name: 'createdById', type: t.uuid, isNullable: true },
          createdAt,
        ],
        indices: [
          new TableIndex({ name: 'IDX_donations_path', columnNames: ['organisationPath'] }),
          new TableIndex({ name: 'IDX_donations_campaign', columnNames: ['campaignId'] }),
        ],
        foreignKeys: [
          fk('donations', 'organisationId', 'organisations', 'RESTRICT'),
          // a donation's history feeds its donor's reports: a campaign that received airtime is kept
          fk('donations', 'campaignId', 'campaigns', 'RESTRICT'),
          fk('donations', 'createdById', 'users', 'SET NULL'),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'emergencies',
        columns: [
          id,
          { name: 'title', type: 'varchar', length: '200' },
          { name: 'organisationId', type: t.uuid, isNullable: true },
          path('organisationPath', true),
          { name: 'localityIds', type: 'text' },
          { name: 'groupIds', type: 'text' },
          { name: 'creativeId', type: t.uuid, isNullable: true },
          { name: 'message', type: 'text', isNullable: true },
          { name: 'durationSeconds', type: 'integer', isNullable: true },
          { name: 'startsAt', type: t.timestamp },
          { name: 'endsAt', type: t.timestamp, isNullable: true },
          { name: 'cancelledAt', type: t.timestamp, isNullable: true },
          { name: 'createdById', type: t.uuid, isNullable: true },
          { name: 'cancelledById', type: t.uuid, isNullable: true },
          createdAt,
        ],
        indices: [
          new TableIndex({ name: 'IDX_emergencies_path', columnNames: ['organisationPath'] }),
          new TableIndex({ name: 'IDX_emergencies_starts', columnNames: ['startsAt'] }),
        ],
        foreignKeys: [
          fk('emergencies', 'organisationId', 'organisations', 'RESTRICT'),
          fk('emergencies', 'creativeId', 'creatives', 'RESTRICT'),
          fk('emergencies', 'createdById', 'users', 'SET NULL'),
          fk('emergencies', 'cancelledById', 'users', 'SET NULL'),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'loop_policies',
        columns: [
          { name: 'key', type: 'varchar', length: '80', isPrimary: true },
          { name: 'loopSeconds', type: 'integer' },
          { name: 'slotSeconds', type: 'integer' },
          { name: 'updatedAt', type: t.timestamp, default: t.now },
        ],
      }),
    );
    for (const policy of DEFAULT_LOOP_POLICIES) {
      await queryRunner.query(
        queryRunner.connection.options.type === 'postgres'
          ? 'INSERT INTO loop_policies ("key", "loopSeconds", "slotSeconds") VALUES ($1, $2, $3)'
          : 'INSERT INTO loop_policies ("key", "loopSeconds", "slotSeconds") VALUES (?, ?, ?)',
        [policy.key, policy.loopSeconds, policy.slotSeconds],
      );
    }
    await queryRunner.addColumn(
      'playlist_entries',
      new TableColumn({ name: 'organisationId', type: t.uuid, isNullable: true }),
    );
    await queryRunner.createForeignKey(
      'playlist_entries',
      fk('playlist_entries', 'organisationId', 'organisations', 'CASCADE'),
    );
    await queryRunner.addColumn(
      'users',
      new TableColumn({ name: 'mayTriggerEmergencies', type: 'boolean', default: t.false }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('users', 'mayTriggerEmergencies');
    await queryRunner.dropForeignKey('playlist_entries', 'FK_playlist_entries_organisationId');
    await queryRunner.dropColumn('playlist_entries', 'organisationId');
    for (const table of ['loop_policies', 'emergencies', 'donations', 'campaign_creatives', 'campaigns']) {
      await queryRunner.dropTable(table);
    }
  }
}
