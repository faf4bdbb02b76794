import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { sqliteInstant } from './plays.service.js';

/** Reports are by day in Vietnam's time: the provinces report by their calendar. */
export const REPORT_TIMEZONE = 'Asia/Ho_Chi_Minh';
const OFFSET_HOURS = 7;

export interface DayOfPlays {
  /** YYYY-MM-DD in REPORT_TIMEZONE. */
  readonly day: string;
  readonly plays: number;
  readonly seconds: number;
  readonly screens: number;
}

/** What the proof of play says was shown: skipped plays are not airtime. */
@Injectable()
export class PlayReportsService {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  /** A donation's delivered plays and airtime by day, from players' records. */
  async donationByDay(donationId: string, from: Date, to: Date): Promise<DayOfPlays[]> {
    const postgres = this.dataSource.options.type === 'postgres';
    // the day a play started on, in Vietnam's time (no daylight saving there: a fixed offset is exact)
    const day = postgres
      ? `to_char(("startedAt" AT TIME ZONE '${REPORT_TIMEZONE}'), 'YYYY-MM-DD')`
      : `strftime('%Y-%m-%d', "startedAt", '+${OFFSET_HOURS} hours')`;
    const rows = await this.dataSource.query<
      { day: string; plays: string | number; seconds: string | number; screens: string | number }[]
    >(
      `SELECT ${day} AS day, COUNT(*) AS plays, SUM("shownSeconds") AS seconds, COUNT(DISTINCT "screenId") AS screens
         FROM plays
        WHERE "donationId" = ${postgres ? '$1' : '?'} AND "startedAt" >= ${postgres ? '$2' : '?'} AND "startedAt" < ${postgres ? '$3' : '?'}
          AND outcome <> 'skipped'
        GROUP BY ${day}
        ORDER BY ${day}`,
      [donationId, ...[from, to].map((at) => (postgres ? at.toISOString() : sqliteInstant(at.toISOString())))],
    );
    return rows.map((r) => ({
      day: r.day,
      plays: Number(r.plays),
      seconds: Math.round(Number(r.seconds) * 10) / 10,
      screens: Number(r.screens),
    }));
  }
}
