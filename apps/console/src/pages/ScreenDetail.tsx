import { type FormEvent, useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { formatBytes } from '@loa/i18n';
import type { Screen } from '../api.js';
import { ago } from '../format.js';
import { ErrorAlert } from '../components.js';
import { useLanguage } from '../i18n.js';
import { useLiveStatus } from '../live.js';
import { useAction } from '../action.js';
import { useSession } from '../session.js';
import { StatusBadge } from './Screens.js';

type CommandType = 'reload' | 'identify' | 'screenshot';

interface ScheduledPlay {
  readonly start: string;
  readonly end: string;
  readonly title: string | null;
  readonly reason: 'campaign' | 'donation' | 'filler' | 'emergency';
  readonly campaignName: string | null;
  readonly message: string | null;
}

/** Times as people in Vietnam read them. */
const clock = new Intl.DateTimeFormat('vi-VN', {
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  timeZone: 'Asia/Ho_Chi_Minh',
});
const todayInVietnam = () => new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10);

export function ScreenDetail() {
  const { id = '' } = useParams();
  const { t, language } = useLanguage();
  const { api } = useSession();
  const { working, error, setError, run } = useAction();
  const live = useLiveStatus(api, language);
  const [screen, setScreen] = useState<Screen | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [screenshot, setScreenshot] = useState<string | null>(null);
  const [replaceCode, setReplaceCode] = useState('');
  const [day, setDay] = useState(todayInVietnam);
  const [hour, setHour] = useState(() => new Date(Date.now() + 7 * 3_600_000).getUTCHours());
  const [plays, setPlays] = useState<ScheduledPlay[] | null>(null);

  useEffect(() => {
    api.get<Screen>(`/api/screens/${id}`).then(setScreen, (problem: Error) => setError(problem.message));
  }, [api, id]);
  useEffect(() => () => void (screenshot && URL.revokeObjectURL(screenshot)), [screenshot]);

  const command = async (type: CommandType) => {
    setNotice(null);
    await run(async () => {
      await api.post(`/api/screens/${id}/commands`, { type });
      if (type === 'screenshot') setScreenshot(await api.blob(`/api/screens/${id}/screenshot`));
      setNotice(t('screen.commandDone'));
    });
  };

  const replace = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setNotice(null);
    try {
      await api.post(`/api/screens/${id}/replace-device`, { code: replaceCode });
      setReplaceCode('');
      setNotice(t('screen.replaced'));
    } catch (problem) {
      setError((problem as Error).message);
    }
  };

  const preview = async () => {
    const from = new Date(`${day}T${String(hour).padStart(2, '0')}:00:00+07:00`);
    const to = new Date(from.getTime() + 3_600_000);
    try {
      const answer = await api.get<{ plays: ScheduledPlay[] }>(
        `/api/screens/${id}/schedule?from=${from.toISOString()}&to=${to.toISOString()}`,
      );
      setPlays(answer.plays);
    } catch (problem) {
      setError((problem as Error).message);
    }
  };

  const revoke = async () => {
    if (!screen || !window.confirm(t('screen.revokeConfirm', { name: screen.name }))) return;
    try {
      await api.post(`/api/screens/${id}/revoke`);
      setScreen(await api.get<Screen>(`/api/screens/${id}`));
    } catch (problem) {
      setError((problem as Error).message);
    }
  };

  if (!screen) return <p className={error ? 'error' : 'muted'}>{error ?? t('common.loading')}</p>;
  const status = { ...screen.status, ...live.get(screen.id) };
  const unknown = t('screen.unknown');
  return (
    <section>
      <p>
        <Link to="/screens">← {t('screen.back')}</Link>
      </p>
      <header className="page-header">
        <h1>{screen.name}</h1>
        <StatusBadge online={status.online} />
      </header>
      <div className="columns">
        <dl className="card">
          <dt>{t('screens.kind')}</dt>
          <dd>{t(`kind.${screen.kind}`)}</dd>
          <dt>{t('screens.venue')}</dt>
          <dd>{screen.venue ?? unknown}</dd>
          <dt>{t('screen.timezone')}</dt>
          <dd>{screen.timezone}</dd>
          <dt>{t('screen.tags')}</dt>
          <dd>{screen.tags.join(', ') || '–'}</dd>
          <dt>{t('screens.lastSeen')}</dt>
          <dd>{ago(t, status.lastSeenAt)}</dd>
          <dt>{t('screen.playerVersion')}</dt>
          <dd>{status.playerVersion ?? unknown}</dd>
          <dt>{t('screen.viewport')}</dt>
          <dd>{status.viewport ? `${status.viewport.width} × ${status.viewport.height}` : unknown}</dd>
          <dt>{t('screen.cache')}</dt>
          <dd data-testid="cache">
            {status.cache
              ? t('screen.cacheValue', {
                  files: status.cache.files,
                  size: formatBytes(status.cache.bytes),
                  missing: status.cache.missing,
                })
              : unknown}
          </dd>
          <dt>{t('screen.freeSpace')}</dt>
          <dd>{status.freeBytes === null ? unknown : formatBytes(status.freeBytes)}</dd>
        </dl>
        <div className="card">
          <div className="actions">
            {(['reload', 'identify', 'screenshot'] as const).map((type) => (
              <button key={type} type="button" disabled={working || !status.online} onClick={() => void command(type)}>
                {t(`screen.${type}`)}
              </button>
            ))}
            {screen.manageable && screen.paired && (
              <button type="button" className="danger" onClick={() => void revoke()}>
                {t('screen.revoke')}
              </button>
            )}
          </div>
          {working && <p className="muted">{t('screen.working')}</p>}
          {notice && <p className="notice">{notice}</p>}
          <ErrorAlert error={error} />
          {screenshot ? (
            <img className="screenshot" alt={t('screen.screenshot')} src={screenshot} />
          ) : (
            <p className="muted">{t('screen.noScreenshot')}</p>
          )}
          {screen.manageable && (
            <form className="inline" onSubmit={(e) => void replace(e)}>
              <strong>{t('screen.replace')}</strong>
              <span className="muted">{t('screen.replaceIntro')}</span>
              <input
                className="code"
                aria-label={t('pair.code')}
                required
                maxLength={20}
                value={replaceCode}
                onChange={(e) => setReplaceCode(e.target.value.toUpperCase())}
              />
              <button type="submit">{t('screen.replace')}</button>
            </form>
          )}
        </div>
      </div>
      <div className="card schedule">
        <h2>{t('schedule.title')}</h2>
        <div className="filters">
          <input type="date" aria-label={t('donations.day')} value={day} onChange={(e) => setDay(e.target.value)} />
          <select aria-label={t('schedule.hour')} value={hour} onChange={(e) => setHour(Number(e.target.value))}>
            {Array.from({ length: 24 }, (_, h) => (
              <option key={h} value={h}>
                {`${String(h).padStart(2, '0')}:00`}
              </option>
            ))}
          </select>
          <button type="button" onClick={() => void preview()}>
            {t('schedule.show')}
          </button>
        </div>
        {plays?.length === 0 && <p className="muted">{t('schedule.empty')}</p>}
        {plays && plays.length > 0 && (
          <table data-testid="schedule">
            <thead>
              <tr>
                <th>{t('schedule.time')}</th>
                <th>{t('schedule.what')}</th>
                <th>{t('schedule.why')}</th>
              </tr>
            </thead>
            <tbody>
              {plays.map((p) => (
                <tr key={p.start}>
                  <td>{clock.format(new Date(p.start))}</td>
                  <td>{p.title ?? p.message ?? ''}</td>
                  <td>
                    {t(`reason.${p.reason}`)}
                    {p.campaignName ? ` · ${p.campaignName}` : ''}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </section>
  );
}
