import { useEffect, useMemo, useState } from 'react';
import { Link } from 'react-router';
import type { ScreenStatus } from '@loa/protocol';
import { type Page, type Screen, SCREEN_KINDS, type ScreenKind, type ScreenStatusView } from '../api.js';
import { ago } from '../format.js';
import { PlaceOptions } from '../components.js';
import { useLanguage } from '../i18n.js';
import { useLiveStatus } from '../live.js';
import { useSession } from '../session.js';
import { usePlaces } from '../places.js';

type OnlineFilter = 'all' | 'online' | 'offline';

/** What the list endpoint said, with the live status laid over it. */
function statusOf(screen: Screen, live: ReadonlyMap<string, ScreenStatus>): ScreenStatusView {
  const status = live.get(screen.id);
  return status ? { ...screen.status, ...status } : screen.status;
}

export function Screens() {
  const { t, language } = useLanguage();
  const { api } = useSession();
  const live = useLiveStatus(api, language);
  const [page, setPage] = useState<Page<Screen> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const places = usePlaces(api, setError);
  const [q, setQ] = useState('');
  const [kind, setKind] = useState<ScreenKind | ''>('');
  const [online, setOnline] = useState<OnlineFilter>('all');
  const [grid, setGrid] = useState(false);
  const [localityId, setLocalityId] = useState('');
  const [tag, setTag] = useState('');

  useEffect(() => {}, [api]);

  useEffect(() => {
    const query = new URLSearchParams({ pageSize: '100' });
    if (q.trim()) query.set('q', q.trim());
    if (kind) query.set('kind', kind);
    if (localityId) query.set('localityId', localityId);
    if (tag.trim()) query.set('tag', tag.trim());
    api
      .get<Page<Screen>>(`/api/screens?${query.toString()}`)
      .then(setPage, (problem: Error) => setError(problem.message));
  }, [api, q, kind, localityId, tag]);

  const screens = useMemo(
    () =>
      (page?.items ?? [])
        .map((screen) => ({ screen, status: statusOf(screen, live) }))
        .filter(({ status }) => online === 'all' || status.online === (online === 'online')),
    [page, live, online],
  );
  const onlineCount = screens.filter((s) => s.status.online).length;

  return (
    <section>
      <header className="page-header">
        <h1>{t('screens.title')}</h1>
        <Link className="button" to="/pair">
          {t('nav.pair')}
        </Link>
      </header>
      <div className="filters">
        <input type="search" placeholder={t('screens.search')} value={q} onChange={(e) => setQ(e.target.value)} />
        <select value={kind} onChange={(e) => setKind(e.target.value as ScreenKind | '')}>
          <option value="">{t('screens.allKinds')}</option>
          {SCREEN_KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`kind.${k}`)}
            </option>
          ))}
        </select>
        <select aria-label={t('pair.locality')} value={localityId} onChange={(e) => setLocalityId(e.target.value)}>
          <option value="">{t('screens.allPlaces')}</option>
          <PlaceOptions places={places} />
        </select>
        <input
          aria-label={t('screens.tag')}
          placeholder={t('screens.tag')}
          value={tag}
          onChange={(e) => setTag(e.target.value)}
        />
        <select value={online} onChange={(e) => setOnline(e.target.value as OnlineFilter)}>
          <option value="all">{t('screens.allStates')}</option>
          <option value="online">{t('screens.onlyOnline')}</option>
          <option value="offline">{t('screens.onlyOffline')}</option>
        </select>
        <div className="toggle">
          <button type="button" className={grid ? '' : 'on'} onClick={() => setGrid(false)}>
            {t('screens.asList')}
          </button>
          <button type="button" className={grid ? 'on' : ''} onClick={() => setGrid(true)}>
            {t('screens.asGrid')}
          </button>
        </div>
      </div>
      {error && <p className="error">{error}</p>}
      {!page && !error && <p className="muted">{t('common.loading')}</p>}
      {page && (
        <p className="muted" data-testid="screen-count">
          {t('screens.count', { shown: screens.length, total: page.total, online: onlineCount })}
        </p>
      )}
      {page && page.items.length === 0 && <p className="empty">{t('screens.empty')}</p>}
      {grid ? (
        <div className="grid">
          {screens.map(({ screen, status }) => (
            <Link key={screen.id} className="tile" to={`/screens/${screen.id}`} data-screen-id={screen.id}>
              <Thumbnail status={status} />
              <strong>{screen.name}</strong>
              <StatusBadge online={status.online} />
              <span className="muted">{ago(t, status.lastSeenAt)}</span>
            </Link>
          ))}
        </div>
      ) : (
        screens.length > 0 && (
          <table>
            <thead>
              <tr>
                <th>{t('screens.name')}</th>
                <th>{t('screens.kind')}</th>
                <th>{t('screens.venue')}</th>
                <th>{t('screens.status')}</th>
                <th>{t('screens.lastSeen')}</th>
                <th>{t('screens.playing')}</th>
              </tr>
            </thead>
            <tbody>
              {screens.map(({ screen, status }) => (
                <tr key={screen.id} data-screen-id={screen.id}>
                  <td>
                    <Link to={`/screens/${screen.id}`}>{screen.name}</Link>
                  </td>
                  <td>{t(`kind.${screen.kind}`)}</td>
                  <td>{screen.venue ?? ''}</td>
                  <td>
                    <StatusBadge online={status.online} />
                  </td>
                  <td>{ago(t, status.lastSeenAt)}</td>
                  <td>
                    <Thumbnail status={status} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )
      )}
    </section>
  );
}

export function StatusBadge({ online }: { online: boolean }) {
  const { t } = useLanguage();
  return (
    <span className={`badge ${online ? 'online' : 'offline'}`} data-online={online}>
      {online ? t('status.online') : t('status.offline')}
    </span>
  );
}

/** What the screen shows now: the file it reported (posters are their own thumbnails). */
function Thumbnail({ status }: { status: ScreenStatusView }) {
  const { t } = useLanguage();
  if (!status.online || !status.playing) return <span className="muted thumb-empty">{t('status.nothing')}</span>;
  // a clip's file is no picture: it hides itself
  return (
    <img
      className="thumb"
      alt=""
      loading="lazy"
      src={`/media/${status.playing.renditionSha256}`}
      onError={(e) => (e.currentTarget.style.visibility = 'hidden')}
    />
  );
}
