import type { Translate } from './i18n.js';

/** "3 min ago", "vừa xong": how long ago an instant was, in words. */
export function ago(t: Translate, iso: string | null, now = Date.now()): string {
  if (!iso) return t('status.never');
  const minutes = Math.floor((now - Date.parse(iso)) / 60_000);
  if (minutes < 1) return t('time.justNow');
  if (minutes < 60) return t('time.minutesAgo', { n: minutes });
  if (minutes < 48 * 60) return t('time.hoursAgo', { n: Math.floor(minutes / 60) });
  return t('time.daysAgo', { n: Math.floor(minutes / 1440) });
}
