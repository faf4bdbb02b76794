import type { OperatingWindow, Weekday } from '@loa/protocol';

/**
 * When a screen is on, in its own local time. Screens abroad exist (and Vietnam has no daylight
 * saving, but they may), so local time is always worked out through the IANA zone, never an offset.
 */
export const DEFAULT_TIMEZONE = 'Asia/Ho_Chi_Minh';

const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$|^24:00$/;

export function isValidTimeZone(zone: string): boolean {
  if (zone.length === 0 || zone.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Minutes after midnight of "HH:MM" ("24:00" is 1440). */
export function minutesOf(hhmm: string): number {
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}

/** What is wrong with a list of windows, as short English phrases; empty when it is fine. */
export function operatingHoursProblems(windows: readonly OperatingWindow[]): string[] {
  const problems: string[] = [];
  if (windows.length === 0) problems.push('give at least one window, or none at all for always on');
  if (windows.length > 50) problems.push('at most 50 windows');
  windows.forEach((w, i) => {
    const days: readonly number[] = w.days;
    if (days.length === 0 || days.some((d) => !Number.isInteger(d) || d < 1 || d > 7)) {
      problems.push(`window ${i + 1}: days are 1 (Monday) to 7 (Sunday)`);
    }
    if (!HHMM.test(w.from) || w.from === '24:00') problems.push(`window ${i + 1}: "from" must be HH:MM`);
    else if (!HHMM.test(w.to)) problems.push(`window ${i + 1}: "to" must be HH:MM or 24:00`);
    else if (minutesOf(w.from) === minutesOf(w.to)) problems.push(`window ${i + 1}: starts and ends at the same time`);
  });
  return problems;
}

const WEEKDAY_OF: Record<string, Weekday> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };
const formatters = new Map<string, Intl.DateTimeFormat>();

/** The weekday and minute of the day at this instant on a wall clock in the zone. */
export function localTime(at: Date, zone: string): { weekday: Weekday; minute: number } {
  let format = formatters.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(zone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(at).map((p) => [p.type, p.value]));
  return { weekday: WEEKDAY_OF[parts.weekday], minute: Number(parts.hour) * 60 + Number(parts.minute) };
}

/** Whether a screen with these hours is on at this instant; null hours mean always on. */
export function isOperating(at: Date, windows: readonly OperatingWindow[] | null, zone: string): boolean {
  if (windows === null) return true;
  const { weekday, minute } = localTime(at, zone);
  const yesterday = (weekday === 1 ? 7 : weekday - 1) as Weekday;
  return windows.some((w) => {
    const from = minutesOf(w.from);
    const to = minutesOf(w.to);
    if (from < to) return w.days.includes(weekday) && minute >= from && minute < to;
    // past midnight: the evening part today, or the early-morning part of yesterday's window
    return (w.days.includes(weekday) && minute >= from) || (w.days.includes(yesterday) && minute < to);
  });
}
