import { describe, expect, it } from '@jest/globals';
import type { OperatingWindow } from '@loa/protocol';
import { isOperating, isValidTimeZone, localTime, operatingHoursProblems } from './operating-hours.js';

const everyDay = [1, 2, 3, 4, 5, 6, 7] as const;

describe('operating hours', () => {
  it('know the IANA zones', () => {
    expect(isValidTimeZone('Asia/Ho_Chi_Minh')).toBe(true);
    expect(isValidTimeZone('Europe/Berlin')).toBe(true);
    expect(isValidTimeZone('Asia/Sai_Gon')).toBe(false);
    expect(isValidTimeZone('')).toBe(false);
  });

  it('read the wall clock in the screen’s zone', () => {
    // 2020-08-20 23:30 UTC is Friday 06:30 in Hồ Chí Minh City (UTC+7)
    expect(localTime(new Date('2020-08-20T23:30:00Z'), 'Asia/Ho_Chi_Minh')).toEqual({ weekday: 5, minute: 390 });
  });

  it('keep a bus station screen on from 05:00 to 22:00 local time', () => {
    const hours: OperatingWindow[] = [{ days: everyDay, from: '05:00', to: '22:00' }];
    const at = (iso: string) => isOperating(new Date(iso), hours, 'Asia/Ho_Chi_Minh');
    expect(at('2020-08-20T21:59:00Z')).toBe(false); // 04:59
    expect(at('2020-08-20T22:00:00Z')).toBe(true); // 05:00
    expect(at('2020-08-21T14:59:00Z')).toBe(true); // 21:59
    expect(at('2020-08-21T15:00:00Z')).toBe(false); // 22:00
  });

  it('run a window past midnight into the next day', () => {
    const hours: OperatingWindow[] = [{ days: [5], from: '18:00', to: '02:00' }]; // Friday night
    const at = (iso: string) => isOperating(new Date(iso), hours, 'Asia/Ho_Chi_Minh');
    expect(at('2020-08-21T11:00:00Z')).toBe(true); // Fri 18:00
    expect(at('2020-08-21T18:59:00Z')).toBe(true); // Sat 01:59
    expect(at('2020-08-21T19:00:00Z')).toBe(false); // Sat 02:00
    expect(at('2020-08-20T18:30:00Z')).toBe(false); // Fri 01:30: Thursday had no window
  });

  it('follow the local clock across a daylight-saving change', () => {
    // Berlin moves from UTC+1 to UTC+2 on 2026-03-29; 08:00 local is 07:00 UTC before, 06:00 UTC after
    const hours: OperatingWindow[] = [{ days: everyDay, from: '08:00', to: '20:00' }];
    expect(isOperating(new Date('2026-03-28T06:59:00Z'), hours, 'Europe/Berlin')).toBe(false);
    expect(isOperating(new Date('2026-03-28T07:00:00Z'), hours, 'Europe/Berlin')).toBe(true);
    expect(isOperating(new Date('2026-03-29T05:59:00Z'), hours, 'Europe/Berlin')).toBe(false);
    expect(isOperating(new Date('2026-03-29T06:00:00Z'), hours, 'Europe/Berlin')).toBe(true);
  });

  it('is always on without hours', () => {
    expect(isOperating(new Date(), null, 'Asia/Ho_Chi_Minh')).toBe(true);
  });

  it('name what is wrong with a window', () => {
    expect(operatingHoursProblems([{ days: everyDay, from: '00:00', to: '24:00' }])).toEqual([]);
    expect(
      operatingHoursProblems([
        { days: [], from: '06:00', to: '22:00' },
        { days: [1], from: '25:00', to: '22:00' },
        { days: [1], from: '06:00', to: '6pm' },
        { days: [8 as never], from: '06:00', to: '06:00' },
      ]),
    ).toEqual([
      'window 1: days are 1 (Monday) to 7 (Sunday)',
      'window 2: "from" must be HH:MM',
      'window 3: "to" must be HH:MM or 24:00',
      'window 4: days are 1 (Monday) to 7 (Sunday)',
      'window 4: starts and ends at the same time',
    ]);
    expect(operatingHoursProblems([])).toHaveLength(1);
  });
});
