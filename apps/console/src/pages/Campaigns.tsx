import { type FormEvent, useCallback, useEffect, useState } from 'react';
import type { Creative, Page } from '../api.js';
import { SCREEN_KINDS, type ScreenKind } from '../api.js';
import { FormEnd, PlaceOptions } from '../components.js';
import { useLanguage } from '../i18n.js';
import { useAction } from '../action.js';
import { useSession } from '../session.js';
import { CreativeThumbnail } from './Media.js';
import { usePlaces } from '../places.js';

interface CampaignView {
  readonly id: string;
  readonly name: string;
  readonly status: 'active' | 'paused';
  readonly flightStart: string;
  readonly flightEnd: string;
  readonly frequency: { readonly kind: 'every' | 'perHour'; readonly minutes?: number; readonly plays?: number } | null;
  readonly creatives: readonly { readonly title: string }[];
}

type FrequencyChoice = 'none' | 'every' | 'perHour';
type Weekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;
const WEEKDAYS: readonly Weekday[] = [1, 2, 3, 4, 5, 6, 7];

interface ReachRow {
  readonly key: string;
  readonly name: string;
  readonly screens: number;
  readonly plays: number;
  readonly donatedPlays: number;
}

interface Reach {
  readonly total: ReachRow;
  readonly byLocality: readonly ReachRow[];
  readonly byKind: readonly ReachRow[];
}

/** Where and how often a campaign will play in the next seven days, as the scheduler plans it. */
function ReachPreview({ campaignId }: { campaignId: string }) {
  const { t } = useLanguage();
  const { api } = useSession();
  const [reach, setReach] = useState<Reach | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const from = new Date();
    const to = new Date(from.getTime() + 7 * 86_400_000);
    api
      .get<Reach>(`/api/campaigns/${campaignId}/reach?from=${from.toISOString()}&to=${to.toISOString()}`)
      .then(setReach, (problem: Error) => setError(problem.message));
  }, [api, campaignId]);
  if (error) return <p className="error">{error}</p>;
  if (!reach) return <p className="muted">{t('common.loading')}</p>;
  const rows = (title: string, list: readonly ReachRow[], name: (r: ReachRow) => string) => (
    <table>
      <thead>
        <tr>
          <th>{title}</th>
          <th>{t('donations.screens')}</th>
          <th>{t('donations.plays')}</th>
        </tr>
      </thead>
      <tbody>
        {list.map((r) => (
          <tr key={r.key}>
            <td>{name(r)}</td>
            <td>{r.screens}</td>
            <td>{r.plays + r.donatedPlays}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
  return (
    <div className="reach" data-testid="reach">
      <strong>{t('reach.title')}</strong>
      <p>
        {t('reach.total', {
          plays: reach.total.plays + reach.total.donatedPlays,
          donated: reach.total.donatedPlays,
          screens: reach.total.screens,
        })}
      </p>
      {reach.byLocality.length > 0 && rows(t('reach.place'), reach.byLocality, (r) => r.name)}
      {reach.byKind.length > 0 &&
        rows(t('reach.kind'), reach.byKind, (r) =>
          (['led_outdoor', 'elevator', 'transit', 'web'] as const).includes(r.key as ScreenKind)
            ? t(`kind.${r.key as ScreenKind}`)
            : r.name,
        )}
    </div>
  );
}
/** Flights are days in Vietnam's time: from the first day's start to the last day's end. */
const ZONE = '+07:00';
const today = () => new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10);
const inDays = (days: number) => new Date(Date.now() + 7 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);

/** Campaigns within the user's scope, and the builder: creatives, flight, hours, where, how often. */
export function Campaigns() {
  const { t } = useLanguage();
  const { api } = useSession();
  const [campaigns, setCampaigns] = useState<CampaignView[] | null>(null);
  const [creatives, setCreatives] = useState<Creative[]>([]);
  const { working, error, setError, run } = useAction();
  const places = usePlaces(api, setError);
  const [name, setName] = useState('');
  const [from, setFrom] = useState(today);
  const [to, setTo] = useState(() => inDays(30));
  const [allDay, setAllDay] = useState(false);
  const [weekdays, setWeekdays] = useState<Weekday[]>([1, 2, 3, 4, 5, 6, 7]);
  const [hoursFrom, setHoursFrom] = useState('06:00');
  const [hoursTo, setHoursTo] = useState('22:00');
  const [chosen, setChosen] = useState<string[]>([]);
  const [localityIds, setLocalityIds] = useState<string[]>([]);
  const [kinds, setKinds] = useState<ScreenKind[]>([]);
  const [tags, setTags] = useState('');
  const [frequency, setFrequency] = useState<FrequencyChoice>('every');
  const [count, setCount] = useState(15);
  const [ticker, setTicker] = useState('');
  const [qrUrl, setQrUrl] = useState('');
  const [qrCaption, setQrCaption] = useState('');
  const [reachOf, setReachOf] = useState<string | null>(null);

  const load = useCallback(
    () => api.get<CampaignView[]>('/api/campaigns').then(setCampaigns, (problem: Error) => setError(problem.message)),
    [api],
  );
  useEffect(() => {
    void load();
    api.get<Page<Creative>>('/api/creatives?review=approved&status=ready&pageSize=100').then(
      (page) => setCreatives(page.items.filter((c) => c.schedulable)),
      (problem: Error) => setError(problem.message),
    );
  }, [api, load]);

  const toggle = <T,>(list: T[], item: T) => (list.includes(item) ? list.filter((x) => x !== item) : [...list, item]);

  const save = async (event: FormEvent) => {
    event.preventDefault();
    await run(async () => {
      await api.post('/api/campaigns', {
        name,
        flightStart: `${from}T00:00:00${ZONE}`,
        flightEnd: `${to}T23:59:59${ZONE}`,
        dayparts: allDay ? [] : [{ days: [...weekdays].sort((a, b) => a - b), from: hoursFrom, to: hoursTo }],
        targeting: {
          localityIds,
          kinds,
          tags: tags
            .split(',')
            .map((tag) => tag.trim())
            .filter(Boolean),
        },
        creatives: chosen.map((creativeId) => ({ creativeId })),
        frequency:
          frequency === 'every'
            ? { kind: 'every', minutes: count }
            : frequency === 'perHour'
              ? { kind: 'perHour', plays: count }
              : null,
        ticker: ticker.trim() || null,
        qrUrl: qrUrl.trim() || null,
        qrCaption: qrCaption.trim() || null,
      });
      setName('');
      setChosen([]);
      await load();
    });
  };

  return (
    <section>
      <h1>{t('campaigns.title')}</h1>
      <div className="columns">
        <form className="card form wide" onSubmit={(e) => void save(e)}>
          <h2>{t('campaigns.new')}</h2>
          <label>
            {t('campaigns.name')}
            <input required maxLength={200} value={name} onChange={(e) => setName(e.target.value)} />
          </label>
          <fieldset>
            <legend>{t('campaigns.flight')}</legend>
            <label>
              {t('campaigns.from')}
              <input type="date" required value={from} onChange={(e) => setFrom(e.target.value)} />
            </label>
            <label>
              {t('campaigns.to')}
              <input type="date" required value={to} onChange={(e) => setTo(e.target.value)} />
            </label>
          </fieldset>
          <fieldset>
            <legend>{t('campaigns.dayparts')}</legend>
            <label className="choice">
              <input type="checkbox" checked={allDay} onChange={() => setAllDay(!allDay)} />
              {t('campaigns.allDay')}
            </label>
            {!allDay && (
              <>
                <div className="choices">
                  {WEEKDAYS.map((d) => (
                    <label key={d} className="choice">
                      <input
                        type="checkbox"
                        checked={weekdays.includes(d)}
                        onChange={() => setWeekdays(toggle(weekdays, d))}
                      />
                      {t(`weekday.${d}`)}
                    </label>
                  ))}
                </div>
                <input
                  type="time"
                  aria-label={t('campaigns.from')}
                  value={hoursFrom}
                  onChange={(e) => setHoursFrom(e.target.value)}
                />
                <span>–</span>
                <input
                  type="time"
                  aria-label={t('campaigns.to')}
                  value={hoursTo}
                  onChange={(e) => setHoursTo(e.target.value)}
                />
              </>
            )}
          </fieldset>
          <fieldset>
            <legend>{t('campaigns.creatives')}</legend>
            {creatives.length === 0 && <p className="muted">{t('campaigns.noCreatives')}</p>}
            <div className="choices">
              {creatives.map((c) => (
                <label key={c.id} className="choice">
                  <input
                    type="checkbox"
                    checked={chosen.includes(c.id)}
                    onChange={() => setChosen(toggle(chosen, c.id))}
                  />
                  <CreativeThumbnail creative={c} />
                  <span>{c.title}</span>
                </label>
              ))}
            </div>
          </fieldset>
          <fieldset>
            <legend>{t('campaigns.targeting')}</legend>
            <select
              multiple
              aria-label={t('campaigns.targeting')}
              value={localityIds}
              onChange={(e) => setLocalityIds(Array.from(e.target.selectedOptions, (o) => o.value))}
            >
              <PlaceOptions places={places} />
            </select>
            <p className="muted">{t('campaigns.kinds')}</p>
            <div className="choices">
              {SCREEN_KINDS.map((k) => (
                <label key={k} className="choice">
                  <input type="checkbox" checked={kinds.includes(k)} onChange={() => setKinds(toggle(kinds, k))} />
                  {t(`kind.${k}`)}
                </label>
              ))}
            </div>
            <label>
              {t('campaigns.tags')}
              <input value={tags} onChange={(e) => setTags(e.target.value)} />
            </label>
          </fieldset>
          <fieldset>
            <legend>{t('campaigns.frequency')}</legend>
            {(['every', 'perHour', 'none'] as const).map((f) => (
              <label key={f} className="choice">
                <input type="radio" name="frequency" checked={frequency === f} onChange={() => setFrequency(f)} />
                {t(
                  f === 'every'
                    ? 'campaigns.everyMinutes'
                    : f === 'perHour'
                      ? 'campaigns.perHour'
                      : 'campaigns.asOftenAsPossible',
                )}
              </label>
            ))}
            {frequency !== 'none' && (
              <label>
                {t('campaigns.frequencyValue')}
                <input
                  type="number"
                  min={1}
                  max={120}
                  value={count}
                  onChange={(e) => setCount(Number(e.target.value))}
                />
              </label>
            )}
          </fieldset>
          <label>
            {t('campaigns.ticker')}
            <input maxLength={300} value={ticker} onChange={(e) => setTicker(e.target.value)} />
          </label>
          <label>
            {t('campaigns.qrUrl')}
            <input type="url" value={qrUrl} onChange={(e) => setQrUrl(e.target.value)} />
          </label>
          <label>
            {t('campaigns.qrCaption')}
            <input maxLength={60} value={qrCaption} onChange={(e) => setQrCaption(e.target.value)} />
          </label>
          <FormEnd
            error={error}
            working={working}
            incomplete={chosen.length === 0}
            label={t('campaigns.save')}
            workingLabel={t('campaigns.saving')}
          />
        </form>
        <div>
          {campaigns?.length === 0 && <p className="empty">{t('campaigns.empty')}</p>}
          {(campaigns ?? []).map((c) => (
            <article key={c.id} className="card campaign" data-campaign-id={c.id}>
              <strong>{c.name}</strong>
              <span className="badge">{t(`campaigns.status.${c.status}`)}</span>
              <span className="muted">
                {new Date(c.flightStart).toLocaleDateString('vi-VN')} –{' '}
                {new Date(c.flightEnd).toLocaleDateString('vi-VN')}
                {c.frequency?.kind === 'every' && ` · ${t('campaigns.every', { n: c.frequency.minutes ?? 0 })}`}
                {c.frequency?.kind === 'perHour' && ` · ${t('campaigns.hourly', { n: c.frequency.plays ?? 0 })}`}
              </span>
              <span>{c.creatives.map((x) => x.title).join(', ')}</span>
              {reachOf === c.id ? (
                <ReachPreview campaignId={c.id} />
              ) : (
                <button type="button" onClick={() => setReachOf(c.id)}>
                  {t('reach.show')}
                </button>
              )}
            </article>
          ))}
        </div>
      </div>
    </section>
  );
}
