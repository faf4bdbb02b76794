import { useCallback, useEffect, useState } from 'react';
import type { Page } from '../api.js';
import { useLanguage } from '../i18n.js';
import { useSession } from '../session.js';

interface AuditEntry {
  readonly id: string;
  readonly at: string;
  readonly actorEmail: string | null;
  readonly action: string;
  readonly objectType: string;
  readonly objectId: string | null;
}

const PAGE_SIZE = 50;

/** Who did what, newest first, within the administrator's scope. */
export function Audit() {
  const { t } = useLanguage();
  const { api } = useSession();
  const [entries, setEntries] = useState<AuditEntry[]>([]);
  const [total, setTotal] = useState(0);
  const [page, setPage] = useState(1);
  const [action, setAction] = useState('');
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(
    (which: number) => {
      const query = new URLSearchParams({ page: String(which), pageSize: String(PAGE_SIZE) });
      if (action.trim()) query.set('action', action.trim());
      return api.get<Page<AuditEntry>>(`/api/audit?${query.toString()}`).then(
        (answer) => {
          setEntries((before) => (which === 1 ? answer.items : [...before, ...answer.items]));
          setTotal(answer.total);
          setPage(which);
        },
        (problem: Error) => setError(problem.message),
      );
    },
    [api, action],
  );
  useEffect(() => void load(1), [load]);

  const when = new Intl.DateTimeFormat('vi-VN', {
    dateStyle: 'short',
    timeStyle: 'medium',
    timeZone: 'Asia/Ho_Chi_Minh',
  });
  return (
    <section>
      <h1>{t('audit.title')}</h1>
      <div className="filters">
        <input
          type="search"
          placeholder={t('audit.filter')}
          value={action}
          onChange={(e) => setAction(e.target.value)}
        />
      </div>
      {error && <p className="error">{error}</p>}
      <table data-testid="audit">
        <thead>
          <tr>
            <th>{t('audit.at')}</th>
            <th>{t('audit.who')}</th>
            <th>{t('audit.action')}</th>
            <th>{t('audit.object')}</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr key={e.id}>
              <td>{when.format(new Date(e.at))}</td>
              <td>{e.actorEmail ?? t('app.name')}</td>
              <td>
                <code>{e.action}</code>
              </td>
              <td>
                <code>
                  {e.objectType}
                  {e.objectId ? ` ${e.objectId.slice(0, 8)}` : ''}
                </code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {entries.length < total && (
        <button type="button" onClick={() => void load(page + 1)}>
          {t('audit.more')}
        </button>
      )}
    </section>
  );
}
