import { type FormEvent, useCallback, useEffect, useMemo, useState } from 'react';
import type { OperatingWindow } from '@loa/protocol';
import type { Page, Screen } from '../api.js';
import { BarChart, downloadCsv, FormEnd } from '../components.js';
import { type Translate, useLanguage } from '../i18n.js';
import { useAction } from '../action.js';
import { useSession } from '../session.js';

interface DonationView {
  readonly id: string;
  readonly campaignId: string | null;
  readonly amount: {
    readonly kind: 'secondsPerLoop' | 'slotsPerHour';
    readonly seconds?: number;
    readonly slots?: number;
  };
  readonly startsAt: string;
  readonly endsAt: string | null;
  readonly withdrawnAt: string | null;
}

interface DonationReport {
  readonly days: readonly { day: string; plays: number; seconds: number; screens: number }[];
  readonly plays: number;
  readonly airtimeHours: number;
}

interface LoopPolicy {
  readonly key: string;
  readonly loopSeconds: number;
  readonly slotSeconds: number;
}

const DAY_MS = 86_400_000;
const ZONE = '+07:00';
const dateIn = (days: number) => new Date(Date.now() + 7 * 3_600_000 + days * DAY_MS).toISOString().slice(0, 10);

/** Seconds a screen is on in an average day, from its operating hours (none: always on). */
function secondsOnPerDay(hours: readonly OperatingWindow[] | null | undefined): number {
  if (!hours || hours.length === 0) return 86_400;
  const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
  let week = 0;
  for (const w of hours) {
    const length = (minutes(w.to) - minutes(w.from) + 24 * 60) % (24 * 60) || 24 * 60;
    week += length * 60 * w.days.length;
  }
  return Math.min(86_400, week / 7);
}

function loopWords(t: Translate, seconds: number): string {
  return seconds % 60 === 0 ? t('time.minutes', { n: seconds / 60 }) : t('time.seconds', { n: seconds });
}

/** A campaign a donation may name, as `GET /api/campaigns?acceptingDonations=true` lists it. */
interface DonatableCampaign {
  readonly id: string;
  readonly name: string;
  readonly status: 'active' | 'paused';
  readonly flightEnd: string;
}

/** An advertiser's donated airtime: what a donation would mean, as it is typed, and what it delivered. */
export function Donations() {
  const { t } = useLanguage();
  const { api } = useSession();
  const { working, error, setError, run } = useAction();
  const [donations, setDonations] = useState<DonationView[] | null>(null);
  const [campaigns, setCampaigns] = useState<DonatableCampaign[]>([]);
  // null until loaded: "no screens" is said only when it is known
  const [screens, setScreens] = useState<Screen[] | null>(null);
  const [policies, setPolicies] = useState<LoopPolicy[]>([]);
  const [campaignId, setCampaignId] = useState('');
  const [kind, setKind] = useState<'secondsPerLoop' | 'slotsPerHour'>('secondsPerLoop');
  const [amount, setAmount] = useState(10);
  const [from, setFrom] = useState(() => dateIn(0));
  const [to, setTo] = useState(() => dateIn(30));
  const [selected, setSelected] = useState<string | null>(null);
  const [report, setReport] = useState<DonationReport | null>(null);
  const fail = (problem: Error) => setError(problem.message);

  const load = useCallback(
    () =>
      api.get<DonationView[]>('/api/donations').then((list) => {
        setDonations(list);
        setSelected((current) => current ?? list[0]?.id ?? null);
      }, fail),
    [api],
  );
  useEffect(() => {
    void load();
    api.get<DonatableCampaign[]>('/api/campaigns?acceptingDonations=true').then(setCampaigns, fail);
    api.get<Page<Screen>>('/api/screens?pageSize=100').then((page) => setScreens(page.items), fail);
    api.get<LoopPolicy[]>('/api/loop-policies').then(setPolicies, fail);
  }, [api, load]);

  useEffect(() => {
    if (!selected) return;
    const window = `from=${encodeURIComponent(new Date(Date.now() - 30 * DAY_MS).toISOString())}&to=${encodeURIComponent(new Date().toISOString())}`;
    api.get<DonationReport>(`/api/donations/${selected}/report?${window}`).then(setReport, fail);
  }, [api, selected]);

  // what the donation means on the donor's own screens, with their loops and hours
  const explanation = useMemo(() => {
    const own = (screens ?? []).filter((s) => s.manageable);
    if (own.length === 0 || policies.length === 0) return null;
    const policyOf = (s: Screen) =>
      policies.find((p) => p.key === `profile:${s.profileKey}`) ?? policies.find((p) => p.key === `kind:${s.kind}`);
    let plays = 0;
    let loop = 0;
    for (const s of own) {
      const policy = policyOf(s);
      if (!policy) continue;
      loop ||= policy.loopSeconds;
      const on = secondsOnPerDay(s.operatingHours);
      plays +=
        kind === 'secondsPerLoop'
          ? Math.floor(amount / policy.slotSeconds) * Math.floor(on / policy.loopSeconds)
          : (amount * on) / 3600;
    }
    const rounded = Math.round(plays);
    return kind === 'secondsPerLoop'
      ? t('donations.explain', { seconds: amount, loop: loopWords(t, loop), plays: rounded, screens: own.length })
      : t('donations.explainSlots', { slots: amount, plays: rounded, screens: own.length });
  }, [screens, policies, kind, amount, t]);

  const save = async (event: FormEvent) => {
    event.preventDefault();
    await run(async () => {
      const created = await api.post<{ id: string }>('/api/donations', {
        campaignId: campaignId || null,
        ...(kind === 'secondsPerLoop' ? { secondsPerLoop: amount } : { slotsPerHour: amount }),
        startsAt: `${from}T00:00:00${ZONE}`,
        endsAt: `${to}T23:59:59${ZONE}`,
      });
      setSelected(created.id);
      await load();
    });
  };

  const csv = () => {
    if (!report) return;
    downloadCsv(`loa-tai-tro-${selected}.csv`, [
      [t('donations.day'), t('donations.plays'), t('donations.seconds'), t('donations.screens')],
      ...report.days.map((day) => [day.day, day.plays, day.seconds, day.screens]),
    ]);
  };

  const campaignName = (id: string | null) =>
    id ? (campaigns.find((c) => c.id === id)?.name ?? '') : t('donations.pool');
  return (
    <section>
      <h1>{t('donations.title')}</h1>
      <div className="columns">
        <form className="card form" onSubmit={(e) => void save(e)}>
          <h2>{t('donations.new')}</h2>
          <label>
            {t('donations.campaign')}
            <select value={campaignId} onChange={(e) => setCampaignId(e.target.value)}>
              <option value="">{t('donations.pool')}</option>
              {/* one whose flight is over is not listed (nothing is left for it to carry), and a paused
                  one cannot be picked (the airtime would go unfilled until it resumes): the server
                  refuses a donation to either */}
              {campaigns
                .filter((c) => Date.parse(c.flightEnd) > Date.now())
                .map((c) => (
                  <option key={c.id} value={c.id} disabled={c.status === 'paused'}>
                    {c.status === 'paused' ? `${c.name} (${t('campaigns.status.paused')})` : c.name}
                  </option>
                ))}
            </select>
          </label>
          <fieldset>
            <legend>{t('donations.amount')}</legend>
            <label className="choice">
              <input
                type="radio"
                name="amount"
                checked={kind === 'secondsPerLoop'}
                onChange={() => setKind('secondsPerLoop')}
              />
              {t('donations.secondsPerLoop')}
            </label>
            <label className="choice">
              <input
                type="radio"
                name="amount"
                checked={kind === 'slotsPerHour'}
                onChange={() => setKind('slotsPerHour')}
              />
              {t('donations.slotsPerHour')}
            </label>
            <input
              type="number"
              aria-label={t('donations.amount')}
              min={1}
              max={3600}
              value={amount}
              onChange={(e) => setAmount(Number(e.target.value))}
            />
          </fieldset>
          <p className="explain" data-testid="explanation">
            {explanation ??
              (screens === null || policies.length === 0 ? t('common.loading') : t('donations.noScreens'))}
          </p>
          <label>
            {t('donations.from')}
            <input type="date" required value={from} onChange={(e) => setFrom(e.target.value)} />
          </label>
          <label>
            {t('donations.to')}
            <input type="date" required value={to} onChange={(e) => setTo(e.target.value)} />
          </label>
          <FormEnd error={error} working={working} label={t('donations.save')} workingLabel={t('donations.saving')} />
        </form>
        <div>
          {donations?.length === 0 && <p className="empty">{t('donations.empty')}</p>}
          {(donations ?? []).map((d) => (
            <button
              key={d.id}
              type="button"
              className={`card donation ${d.id === selected ? 'on' : ''}`}
              data-donation-id={d.id}
              onClick={() => setSelected(d.id)}
            >
              <strong>{campaignName(d.campaignId)}</strong>
              <span>
                {d.amount.kind === 'secondsPerLoop'
                  ? t('donations.secondsPerLoop') + `: ${d.amount.seconds ?? 0}`
                  : t('donations.slotsPerHour') + `: ${d.amount.slots ?? 0}`}
              </span>
              <span className="badge">{d.withdrawnAt ? t('donations.withdrawn') : t('donations.active')}</span>
            </button>
          ))}
          {report && (
            <div className="card report" data-testid="report">
              <h2>{t('donations.report')}</h2>
              <p>{t('donations.delivered', { plays: report.plays, hours: report.airtimeHours })}</p>
              {report.days.length === 0 ? (
                <p className="muted">{t('donations.noPlays')}</p>
              ) : (
                <BarChart
                  values={report.days.map((day) => ({ key: day.day, value: day.plays }))}
                  label={t('donations.plays')}
                />
              )}
              <button type="button" onClick={csv}>
                {t('donations.csv')}
              </button>
            </div>
          )}
        </div>
      </div>
    </section>
  );
}
