import { describe, expect, it } from '@jest/globals';
import type { PlayRecord } from '@loa/protocol';
import { PLAY_COLUMNS, playRows } from './plays.service.js';

const screen = { id: '0b7a4c5e-3f7e-4f43-9d3e-0a1b2c3d4e5f', organisationPath: '/bk/', localityPath: '/bk/bk/' };
const play = (startedAt: string): PlayRecord => ({
  playId: '0173D6F9-2C00-7ABC-8DEF-0123456789AB',
  creativeId: null,
  renditionSha256: null,
  reason: 'filler',
  campaignId: null,
  donationId: null,
  emergencyId: null,
  entryId: null,
  scheduledStart: '2020-08-10T00:00:00.000Z',
  scheduledEnd: '2020-08-10T00:00:10.000Z',
  startedAt,
  endedAt: '2020-08-10T00:00:10.000Z',
  shownSeconds: 9.9,
  outcome: 'complete',
  note: null,
});
const column = (row: unknown[], name: (typeof PLAY_COLUMNS)[number]) => row[PLAY_COLUMNS.indexOf(name)];

describe('playRows', () => {
  const receivedAt = new Date('2020-08-12T03:04:05.678Z');

  it('binds one value per column per play, with the key in lower case', () => {
    const row = playRows(screen, [play('2020-08-10T00:00:00.035Z')], receivedAt, false);
    expect(row).toHaveLength(PLAY_COLUMNS.length);
    expect(column(row, 'playId')).toBe('0173d6f9-2c00-7abc-8def-0123456789ab');
    expect(column(row, 'screenId')).toBe(screen.id);
  });

  it('writes SQLite instants in UTC as TypeORM does, whatever offset or precision the player sent', () => {
    for (const sent of ['2020-08-10T00:00:00.035Z', '2020-08-10T07:00:00.035+07:00', '2020-08-10T00:00:00.035000Z']) {
      const row = playRows(screen, [play(sent)], receivedAt, false);
      expect(column(row, 'startedAt')).toBe('2020-08-10 00:00:00.035');
    }
    expect(column(playRows(screen, [play('2020-08-10T00:00:00Z')], receivedAt, false), 'startedAt')).toBe(
      '2020-08-10 00:00:00.000',
    );
    expect(column(playRows(screen, [play('2020-08-10T00:00:00Z')], receivedAt, false), 'receivedAt')).toBe(
      '2020-08-12 03:04:05.678',
    );
  });

  it('hands PostgreSQL the instants as sent: timestamptz parses offsets itself', () => {
    const row = playRows(screen, [play('2020-08-10T07:00:00.035+07:00')], receivedAt, true);
    expect(column(row, 'startedAt')).toBe('2020-08-10T07:00:00.035+07:00');
  });
});
