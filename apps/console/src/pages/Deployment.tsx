import { useEffect, useState } from 'react';
import { ErrorAlert } from '../components.js';
import { useLanguage } from '../i18n.js';
import { useSession } from '../session.js';
import { DayRangeInputs, rangeOf, useDayRange } from './Reports.js';

interface DeploymentRow {
  readonly districtId: string;
  readonly district: string;
  readonly screens: number;
  readonly online: number;
  readonly plays: number;
  readonly airtimeHours: number;
}

interface DeploymentReport {
  readonly madeAt: string;
  readonly rows: readonly DeploymentRow[];
  readonly total: DeploymentRow;
}

const percent = (part: number, whole: number) => (whole === 0 ? '–' : `${Math.round((part / whole) * 100)}%`);
const date = (day: string) =>
  new Date(`${day}T00:00:00+07:00`).toLocaleDateString('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh' });

/**
 * "Báo cáo kết quả triển khai": by district, screens registered, the share online and the plays
 * and airtime of the range, as a page to print and send up to the province.
 */
export function Deployment() {
  const { t } = useLanguage();
  const { api, user } = useSession();
  const range = useDayRange();
  const { from, to } = range;
  const [report, setReport] = useState<DeploymentReport | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    api
      .get<DeploymentReport>(`/api/reports/deployment?${rangeOf(from, to)}`)
      .then(setReport, (problem: Error) => setError(problem.message));
  }, [api, from, to]);

  const row = (r: DeploymentRow, name: string) => (
    <tr key={r.districtId || 'total'}>
      <td>{name}</td>
      <td>{r.screens}</td>
      <td>{r.online}</td>
      <td>{percent(r.online, r.screens)}</td>
      <td>{r.plays}</td>
      <td>{r.airtimeHours}</td>
    </tr>
  );
  return (
    <section className="printable">
      <div className="filters no-print">
        <DayRangeInputs range={range} />
        <button type="button" onClick={() => window.print()}>
          {t('deployment.print')}
        </button>
      </div>
      {user?.organisation && <p className="org">{user.organisation.name.toLocaleUpperCase('vi-VN')}</p>}
      <h1 className="centre-title">{t('deployment.title')}</h1>
      <p className="centre-title">{t('deployment.subtitle', { from: date(from), to: date(to) })}</p>
      <ErrorAlert error={error} />
      {report && (
        <table data-testid="deployment">
          <thead>
            <tr>
              <th>{t('deployment.district')}</th>
              <th>{t('deployment.screens')}</th>
              <th>{t('deployment.online')}</th>
              <th>{t('deployment.share')}</th>
              <th>{t('deployment.plays')}</th>
              <th>{t('deployment.hours')}</th>
            </tr>
          </thead>
          <tbody>
            {report.rows.map((r) => row(r, r.district))}
            {row(report.total, t('deployment.total'))}
          </tbody>
        </table>
      )}
      {report && user && (
        <p className="muted">
          {t('deployment.madeAt', {
            at: new Date(report.madeAt).toLocaleString('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh' }),
            who: user.displayName,
          })}
        </p>
      )}
    </section>
  );
}
