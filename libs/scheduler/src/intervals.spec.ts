import { describe, expect, it } from '@jest/globals';
import type { OperatingWindow, Weekday } from '@loa/protocol';
import {
  contains,
  type Interval,
  intersect,
  localMidnights,
  localWindows,
  normalise,
  roundInward,
  subtract,
} from './intervals.js';

const HOUR = 3_600_000;
const MINUTE = 60_000;
const ALL_DAYS: readonly Weekday[] = [1, 2, 3, 4, 5, 6, 7];
const utc = (iso: string) => Date.parse(iso);
const window = (from: string, to: string, days: readonly Weekday[] = ALL_DAYS): OperatingWindow => ({ days, from, to });
const length = (intervals: readonly Interval[]) => intervals.reduce((sum, [a, b]) => sum + (b - a), 0);
const iso = (intervals: readonly Interval[]) =>
  intervals.map(([a, b]) => [new Date(a).toISOString(), new Date(b).toISOString()]);

describe('localWindows', () => {
  it('turns a window of an ordinary day into UTC (Asia/Ho_Chi_Minh, UTC+7)', () => {
    const out = localWindows(
      [window('08:00', '22:00')],
      'Asia/Ho_Chi_Minh',
      utc('2026-05-03T17:00Z'),
      utc('2026-05-04T17:00Z'),
    );
    expect(iso(out)).toEqual([['2026-05-04T01:00:00.000Z', '2026-05-04T15:00:00.000Z']]);
  });

  it('keeps only the weekdays given (1 is Monday)', () => {
    // 2026-05-04 is a Monday
    const out = localWindows(
      [window('09:00', '10:00', [1, 3])],
      'Asia/Ho_Chi_Minh',
      utc('2026-05-03T17:00Z'),
      utc('2026-05-10T17:00Z'),
    );
    expect(iso(out)).toEqual([
      ['2026-05-04T02:00:00.000Z', '2026-05-04T03:00:00.000Z'],
      ['2026-05-06T02:00:00.000Z', '2026-05-06T03:00:00.000Z'],
    ]);
  });

  it('clips windows to [from, to)', () => {
    const out = localWindows(
      [window('08:00', '22:00')],
      'Asia/Ho_Chi_Minh',
      utc('2026-05-04T03:30Z'),
      utc('2026-05-04T05:00Z'),
    );
    expect(iso(out)).toEqual([['2026-05-04T03:30:00.000Z', '2026-05-04T05:00:00.000Z']]);
    expect(
      localWindows([window('08:00', '22:00')], 'Asia/Ho_Chi_Minh', utc('2026-05-04T16:00Z'), utc('2026-05-04T17:00Z')),
    ).toEqual([]);
  });

  it('runs a window past midnight into the next day, including the part started the evening before `from`', () => {
    const out = localWindows(
      [window('22:00', '02:00')],
      'Asia/Ho_Chi_Minh',
      utc('2026-05-03T17:00Z'),
      utc('2026-05-05T17:00Z'),
    );
    expect(iso(out)).toEqual([
      ['2026-05-03T17:00:00.000Z', '2026-05-03T19:00:00.000Z'], // Monday 00:00–02:00, from Sunday's window
      ['2026-05-04T15:00:00.000Z', '2026-05-04T19:00:00.000Z'], // Monday 22:00 – Tuesday 02:00
      ['2026-05-05T15:00:00.000Z', '2026-05-05T17:00:00.000Z'], // Tuesday 22:00 – the end of the range
    ]);
  });

  it('takes the weekday of the day a window past midnight starts', () => {
    // only Mondays, 22:00–02:00: Monday night into Tuesday, not Sunday night into Monday
    const out = localWindows(
      [window('22:00', '02:00', [1])],
      'Asia/Ho_Chi_Minh',
      utc('2026-05-03T17:00Z'),
      utc('2026-05-05T17:00Z'),
    );
    expect(iso(out)).toEqual([['2026-05-04T15:00:00.000Z', '2026-05-04T19:00:00.000Z']]);
  });

  it('reads "24:00" as the next midnight, and "00:00" as an end as midnight too', () => {
    const evening = localWindows(
      [window('18:00', '24:00')],
      'Asia/Ho_Chi_Minh',
      utc('2026-05-03T17:00Z'),
      utc('2026-05-04T17:00Z'),
    );
    expect(iso(evening)).toEqual([['2026-05-04T11:00:00.000Z', '2026-05-04T17:00:00.000Z']]);
    const untilMidnight = localWindows(
      [window('18:00', '00:00')],
      'Asia/Ho_Chi_Minh',
      utc('2026-05-03T17:00Z'),
      utc('2026-05-04T17:00Z'),
    );
    expect(untilMidnight).toEqual(evening);
  });

  it('merges whole days (00:00–24:00) into one stretch', () => {
    const out = localWindows(
      [window('00:00', '24:00')],
      'Europe/Berlin',
      utc('2026-05-01T00:00Z'),
      utc('2026-05-08T00:00Z'),
    );
    expect(out).toEqual([[utc('2026-05-01T00:00Z'), utc('2026-05-08T00:00Z')]]);
  });

  it('merges overlapping windows', () => {
    const out = localWindows(
      [window('08:00', '12:00'), window('11:00', '14:00'), window('14:00', '15:00')],
      'Asia/Ho_Chi_Minh',
      utc('2026-05-03T17:00Z'),
      utc('2026-05-04T17:00Z'),
    );
    expect(iso(out)).toEqual([['2026-05-04T01:00:00.000Z', '2026-05-04T08:00:00.000Z']]);
  });

  describe('Europe/Berlin, spring forward on 2026-03-29 (02:00 → 03:00, a 23-hour day)', () => {
    const from = utc('2026-03-28T23:00Z'); // local midnight, CET
    const to = utc('2026-03-29T22:00Z'); // the next local midnight, CEST

    it('makes the whole day 23 hours', () => {
      expect(length(localWindows([window('00:00', '24:00')], 'Europe/Berlin', from, to))).toBe(23 * HOUR);
    });

    it('gives 01:00–04:00 two hours of UTC', () => {
      const out = localWindows([window('01:00', '04:00')], 'Europe/Berlin', from, to);
      expect(iso(out)).toEqual([['2026-03-29T00:00:00.000Z', '2026-03-29T02:00:00.000Z']]);
    });

    it('starts a window inside the skipped hour when the clock resumes (03:00 CEST)', () => {
      expect(iso(localWindows([window('02:30', '05:00')], 'Europe/Berlin', from, to))).toEqual([
        ['2026-03-29T01:00:00.000Z', '2026-03-29T03:00:00.000Z'],
      ]);
      expect(iso(localWindows([window('02:00', '05:00')], 'Europe/Berlin', from, to))).toEqual([
        ['2026-03-29T01:00:00.000Z', '2026-03-29T03:00:00.000Z'],
      ]);
    });

    it('ends a window inside the skipped hour when the clock resumes', () => {
      expect(iso(localWindows([window('01:00', '02:30')], 'Europe/Berlin', from, to))).toEqual([
        ['2026-03-29T00:00:00.000Z', '2026-03-29T01:00:00.000Z'],
      ]);
    });

    it('lets a window past midnight lose the hour', () => {
      const out = localWindows(
        [window('22:00', '06:00', [6])],
        'Europe/Berlin',
        utc('2026-03-28T00:00Z'),
        utc('2026-03-30T00:00Z'),
      );
      expect(iso(out)).toEqual([['2026-03-28T21:00:00.000Z', '2026-03-29T04:00:00.000Z']]);
      expect(length(out)).toBe(7 * HOUR);
    });

    it('keeps the days around it at 24 hours', () => {
      const friday = localWindows(
        [window('00:00', '24:00', [5])],
        'Europe/Berlin',
        utc('2026-03-26T00:00Z'),
        utc('2026-03-31T00:00Z'),
      );
      expect(iso(friday)).toEqual([['2026-03-26T23:00:00.000Z', '2026-03-27T23:00:00.000Z']]);
      const monday = localWindows(
        [window('00:00', '24:00', [1])],
        'Europe/Berlin',
        utc('2026-03-29T00:00Z'),
        utc('2026-04-01T00:00Z'),
      );
      expect(iso(monday)).toEqual([['2026-03-29T22:00:00.000Z', '2026-03-30T22:00:00.000Z']]);
    });
  });

  describe('Europe/Berlin, fall back on 2026-10-25 (03:00 → 02:00, a 25-hour day)', () => {
    const from = utc('2026-10-24T22:00Z'); // local midnight, CEST
    const to = utc('2026-10-25T23:00Z'); // the next local midnight, CET

    it('makes the whole day 25 hours', () => {
      expect(length(localWindows([window('00:00', '24:00')], 'Europe/Berlin', from, to))).toBe(25 * HOUR);
    });

    it('gives 01:00–04:00 four hours of UTC', () => {
      const out = localWindows([window('01:00', '04:00')], 'Europe/Berlin', from, to);
      expect(iso(out)).toEqual([['2026-10-24T23:00:00.000Z', '2026-10-25T03:00:00.000Z']]);
    });

    it('starts a window at a repeated time at its first occurrence', () => {
      const out = localWindows([window('02:30', '05:00')], 'Europe/Berlin', from, to);
      expect(iso(out)).toEqual([['2026-10-25T00:30:00.000Z', '2026-10-25T04:00:00.000Z']]);
    });

    it('gives 20:00–08:00 past midnight thirteen hours', () => {
      const out = localWindows(
        [window('20:00', '08:00', [6])],
        'Europe/Berlin',
        utc('2026-10-24T00:00Z'),
        utc('2026-10-26T00:00Z'),
      );
      expect(length(out)).toBe(13 * HOUR);
    });
  });

  describe('America/New_York, spring forward on 2026-03-08', () => {
    const from = utc('2026-03-08T05:00Z'); // local midnight, EST
    const to = utc('2026-03-09T04:00Z'); // the next local midnight, EDT

    it('gives 01:00–04:00 two hours and the day 23', () => {
      expect(iso(localWindows([window('01:00', '04:00')], 'America/New_York', from, to))).toEqual([
        ['2026-03-08T06:00:00.000Z', '2026-03-08T08:00:00.000Z'],
      ]);
      expect(length(localWindows([window('00:00', '24:00')], 'America/New_York', from, to))).toBe(23 * HOUR);
    });

    it('gives 02:30–03:30 the half hour after the clock resumes', () => {
      expect(iso(localWindows([window('02:30', '03:30')], 'America/New_York', from, to))).toEqual([
        ['2026-03-08T07:00:00.000Z', '2026-03-08T07:30:00.000Z'],
      ]);
    });
  });

  describe('America/New_York, fall back on 2026-11-01', () => {
    it('gives 01:00–04:00 four hours', () => {
      const out = localWindows(
        [window('01:00', '04:00')],
        'America/New_York',
        utc('2026-11-01T04:00Z'),
        utc('2026-11-02T05:00Z'),
      );
      expect(length(out)).toBe(4 * HOUR);
    });
  });

  describe('Asia/Ho_Chi_Minh (no daylight saving)', () => {
    it('gives 01:00–04:00 three hours on the days Europe and America change clocks', () => {
      for (const day of ['2026-03-08', '2026-03-29', '2026-10-25', '2026-11-01']) {
        const from = utc(`${day}T00:00+07:00`);
        const out = localWindows([window('01:00', '04:00')], 'Asia/Ho_Chi_Minh', from, from + 24 * HOUR);
        expect(iso(out)).toEqual([[new Date(from + HOUR).toISOString(), new Date(from + 4 * HOUR).toISOString()]]);
      }
    });

    it('has 24-hour days all year', () => {
      const from = utc('2026-01-01T00:00+07:00');
      const out = localWindows([window('06:00', '07:00')], 'Asia/Ho_Chi_Minh', from, from + 365 * 24 * HOUR);
      expect(out).toHaveLength(365);
      out.forEach(([a, b], i) => expect([a, b]).toEqual([from + (i * 24 + 6) * HOUR, from + (i * 24 + 7) * HOUR]));
    });
  });
});

describe('localMidnights', () => {
  it('lists the local midnights strictly inside the range, across a 25-hour day', () => {
    const out = localMidnights('Europe/Berlin', utc('2026-10-24T12:00Z'), utc('2026-10-27T12:00Z'));
    expect(out.map((m) => new Date(m).toISOString())).toEqual([
      '2026-10-24T22:00:00.000Z',
      '2026-10-25T23:00:00.000Z',
      '2026-10-26T23:00:00.000Z',
    ]);
  });

  it('leaves out a midnight at `from`', () => {
    const midnight = utc('2026-05-04T00:00+07:00');
    expect(localMidnights('Asia/Ho_Chi_Minh', midnight, midnight + 24 * HOUR)).toEqual([]);
    expect(localMidnights('Asia/Ho_Chi_Minh', midnight, midnight + 24 * HOUR + 1)).toEqual([midnight + 24 * HOUR]);
  });
});

describe('interval lists', () => {
  it('normalise sorts, merges touching and overlapping intervals and drops empty ones', () => {
    expect(
      normalise([
        [5, 7],
        [1, 3],
        [3, 4],
        [9, 9],
        [6, 8],
        [10, 11],
      ]),
    ).toEqual([
      [1, 4],
      [5, 8],
      [10, 11],
    ]);
  });

  it('intersect keeps the common parts', () => {
    const a: Interval[] = [
      [0, 10],
      [20, 30],
    ];
    const b: Interval[] = [
      [5, 25],
      [28, 40],
    ];
    expect(intersect(a, b)).toEqual([
      [5, 10],
      [20, 25],
      [28, 30],
    ]);
    expect(intersect(a, [])).toEqual([]);
    expect(intersect([[0, 10]], [[10, 20]])).toEqual([]);
    expect(
      intersect(
        [[0, 100]],
        [
          [10, 20],
          [30, 40],
        ],
      ),
    ).toEqual([
      [10, 20],
      [30, 40],
    ]);
  });

  it('subtract removes the parts of b', () => {
    expect(
      subtract(
        [
          [0, 10],
          [20, 30],
        ],
        [
          [2, 4],
          [8, 22],
          [25, 26],
        ],
      ),
    ).toEqual([
      [0, 2],
      [4, 8],
      [22, 25],
      [26, 30],
    ]);
    expect(subtract([[0, 10]], [[0, 10]])).toEqual([]);
    expect(subtract([[0, 10]], [])).toEqual([[0, 10]]);
  });

  it('roundInward keeps only whole grid steps', () => {
    expect(
      roundInward(
        [
          [5, 65],
          [70, 80],
          [120, 180],
        ],
        60,
      ),
    ).toEqual([[120, 180]]);
    expect(roundInward([[0, 59]], 60)).toEqual([]);
    expect(
      roundInward(
        [
          [0, 60],
          [60, 120],
        ],
        60,
      ),
    ).toEqual([[0, 120]]);
    expect(roundInward([[-90, 90]], 60)).toEqual([[-60, 60]]);
  });

  it('contains is half open and finds intervals in long lists', () => {
    const list: Interval[] = Array.from({ length: 1000 }, (_, i) => [i * 10, i * 10 + 5]);
    expect(contains(list, 0)).toBe(true);
    expect(contains(list, 4)).toBe(true);
    expect(contains(list, 5)).toBe(false);
    expect(contains(list, 9_995)).toBe(false);
    expect(contains(list, 9_994)).toBe(true);
    expect(contains(list, -1)).toBe(false);
    expect(contains([], 0)).toBe(false);
    for (let t = 0; t < 10_000; t += 7) expect(contains(list, t)).toBe(t % 10 < 5);
  });

  it('works in whole minutes of UTC ms too', () => {
    expect(roundInward([[MINUTE + 1, 5 * MINUTE - 1]], MINUTE)).toEqual([[2 * MINUTE, 4 * MINUTE]]);
  });
});
