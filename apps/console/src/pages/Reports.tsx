import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { BarChart, downloadCsv, ErrorAlert } from '../components.js';
import { useLanguage } from '../i18n.js';
import { useSession } from '../session.js';

const GROUPINGS = ['day', 'campaign', 'creative', 'screen', 'district'] as const;
type Grouping = (typeof GROUPINGS)[number];

interface ReportRow {
  readonly key: string;
  readonly name: string;
  readonly plays: number;
  readonly seconds: number;
  readonly screens: number;
}

interface PlaysReport {
  readonly rows: readonly ReportRow[];
  readonly plays: number;
  readonly airtimeHours: number;
}

const DAY_MS = 86_400_000;
/** A day in Vietnam's calendar, as date inputs hold them. */
export const vietnamDay = (offsetDays = 0) =>
  new Date(Date.now() + 7 * 3_600_000 + offsetDays * DAY_MS).toISOString().slice(0, 10);
/** The range of whole Vietnamese days [from, to] as instants. */
export const rangeOf = (from: string, to: string) =>
  `from=${encodeURIComponent(new Date(`${from}T00:00:00+07:00`).toISOString())}&to=${encodeURIComponent(
    new Date(new Date(`${to}T00:00:00+07:00`).getTime() + DAY_MS).toISOString(),
  )}`;

/** A range of whole days in Vietnam's calendar, the last seven by default, as date inputs hold them. */
export function useDayRange() {
  const [from, setFrom] = useState(() => vietnamDay(-6));
  const [to, setTo] = useState(() => vietnamDay(0));
  return { from, to, setFrom, setTo };
}

export function DayRangeInputs({ range }: { range: ReturnType<typeof useDayRange> }) {
  const { t } = useLanguage();
  return (
    <>
      <label className="choice">
        {t('reports.from')}
        <input type="date" value={range.from} onChange={(e) => range.setFrom(e.target.value)} />
      </label>
      <label className="choice">
        {t('reports.to')}
        <input type="date" value={range.to} onChange={(e) => range.setTo(e.target.value)} />
      </label>
    </>
  );
}

/** Plays and airtime within the user's scope, by day, campaign, creative, screen or district, with CSV. */
export function Reports() {
  const { t } = useLanguage();
  const { api } = useSession();
  const [by, setBy] = useState<Grouping>('day');
  const range = useDayRange();
  const { from, to } = range;
  const [report, setReport] = useState<PlaysReport | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    // rows of another grouping must not show under this one's heading while it loads
    setReport(null);
    setError(null);
    api
      .get<PlaysReport>(`/api/reports/plays?by=${by}&${rangeOf(from, to)}`)
      .then(setReport, (problem: Error) => setError(problem.message));
  }, [api, by, from, to]);

  const name = (row: ReportRow) => row.name || (by === 'campaign' ? t('reports.noCampaign') : row.key);
  const csv = () =>
    report &&
    downloadCsv(`loa-bao-cao-${by}-${from}-${to}.csv`, [
      [t(`reports.by.${by}`), t('donations.plays'), t('donations.seconds'), t('donations.screens')],
      ...report.rows.map((r) => [name(r), r.plays, r.seconds, r.screens]),
    ]);

  return (
    <section>
      <header className="page-header">
        <h1>{t('reports.title')}</h1>
        <Link className="button" to="/reports/deployment">
          {t('reports.deployment')}
        </Link>
      </header>
      <div className="filters">
        <label className="choice">
          {t('reports.by')}
          <select value={by} onChange={(e) => setBy(e.target.value as Grouping)}>
            {GROUPINGS.map((g) => (
              <option key={g} value={g}>
                {t(`reports.by.${g}`)}
              </option>
            ))}
          </select>
        </label>
        <DayRangeInputs range={range} />
        <button type="button" disabled={!report} onClick={csv}>
          {t('donations.csv')}
        </button>
      </div>
      <ErrorAlert error={error} />
      {report && (
        <div className="card report" data-testid="plays-report">
          <p>{t('reports.total', { plays: report.plays, hours: report.airtimeHours })}</p>
          {report.rows.length === 0 ? (
            <p className="muted">{t('reports.none')}</p>
          ) : (
            <>
              <BarChart
                values={report.rows.map((r) => ({ key: name(r), value: r.plays }))}
                label={t('donations.plays')}
              />
              <table>
                <thead>
                  <tr>
                    <th>{t(`reports.by.${by}`)}</th>
                    <th>{t('donations.plays')}</th>
                    <th>{t('donations.seconds')}</th>
                    <th>{t('donations.screens')}</th>
                  </tr>
                </thead>
                <tbody>
                  {report.rows.map((r) => (
                    <tr key={r.key || 'none'}>
                      <td>{name(r)}</td>
                      <td>{r.plays}</td>
                      <td>{r.seconds}</td>
                      <td>{r.screens}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )}
        </div>
      )}
    </section>
  );
}
