import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { PlayRecord, PlaysAccepted } from '@loa/protocol';
import { Clock } from '../clock/clock.js';

/** Columns of the plays table, in the order the insert binds them (bench:pop binds the same). */
export const PLAY_COLUMNS = [
  'playId',
  'screenId',
  'organisationPath',
  'localityPath',
  'creativeId',
  'renditionSha256',
  'reason',
  'campaignId',
  'donationId',
  'emergencyId',
  'entryId',
  'scheduledStart',
  'scheduledEnd',
  'startedAt',
  'endedAt',
  'shownSeconds',
  'outcome',
  'note',
  'receivedAt',
] as const;

/** Where a screen stood when its plays were received. */
export interface PlayingScreen {
  readonly id: string;
  readonly organisationPath: string;
  readonly localityPath: string;
}

/**
 * Proof-of-play ingestion: batches of records from players, stored idempotently (the play id is
 * the key: a record sent again after a lost acknowledgement is one play) in one multi-row insert
 * per batch, so screens that were offline for days catch up in minutes.
 */
@Injectable()
export class PlaysService {
  private readonly statements = new Map<number, string>();

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async ingest(screen: PlayingScreen, plays: readonly PlayRecord[]): Promise<PlaysAccepted> {
    if (plays.length === 0) return { accepted: 0, duplicates: 0 };
    // the same play twice in one batch is one play too
    const unique = [...new Map(plays.map((p) => [p.playId.toLowerCase(), p])).values()];
    const postgres = this.dataSource.options.type === 'postgres';
    const params = playRows(screen, unique, this.clock.now(), postgres);
    const inserted = await this.dataSource.query<unknown[]>(this.statement(unique.length, postgres), params);
    const accepted = Array.isArray(inserted) ? inserted.length : 0;
    return { accepted, duplicates: plays.length - accepted };
  }

  /** One INSERT … ON CONFLICT DO NOTHING … RETURNING for n rows, built once per size. */
  private statement(rows: number, postgres: boolean): string {
    const key = postgres ? -rows : rows;
    let sql = this.statements.get(key);
    if (!sql) {
      let n = 0;
      const tuples = Array.from(
        { length: rows },
        () => `(${PLAY_COLUMNS.map(() => (postgres ? `$${++n}` : '?')).join(', ')})`,
      ).join(', ');
      sql = `INSERT INTO plays (${PLAY_COLUMNS.map((c) => `"${c}"`).join(', ')}) VALUES ${tuples} ON CONFLICT ("playId") DO NOTHING RETURNING "playId"`;
      this.statements.set(key, sql);
    }
    return sql;
  }
}

/** What players send (toISOString's UTC form) needs no date parse; offsets and other precisions do. */
const CANONICAL_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

export function sqliteInstant(iso: string): string {
  const utc = CANONICAL_UTC.test(iso) ? iso : new Date(iso).toISOString();
  return `${utc.slice(0, 10)} ${utc.slice(11, 23)}`;
}

/**
 * The values one batch binds, row after row in PLAY_COLUMNS order (bench:pop binds the same for
 * the bare drivers). SQLite keeps instants as TypeORM writes them: UTC "YYYY-MM-DD HH:MM:SS.mmm".
 */
export function playRows(
  screen: PlayingScreen,
  plays: readonly PlayRecord[],
  receivedAt: Date,
  postgres: boolean,
): unknown[] {
  const instant = postgres ? (iso: string) => iso : sqliteInstant;
  const stamp = instant(receivedAt.toISOString());
  const params: unknown[] = [];
  for (const p of plays) {
    params.push(
      p.playId.toLowerCase(),
      screen.id,
      screen.organisationPath,
      screen.localityPath,
      p.creativeId,
      p.renditionSha256,
      p.reason,
      p.campaignId,
      p.donationId,
      p.emergencyId,
      p.entryId,
      instant(p.scheduledStart),
      instant(p.scheduledEnd),
      instant(p.startedAt),
      instant(p.endedAt),
      p.shownSeconds,
      p.outcome,
      p.note,
      stamp,
    );
  }
  return params;
}
