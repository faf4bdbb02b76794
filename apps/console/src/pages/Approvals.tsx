import { useCallback, useEffect, useState } from 'react';
import type { Creative, Page } from '../api.js';
import { ErrorAlert } from '../components.js';
import { useLanguage } from '../i18n.js';
import { useSession } from '../session.js';
import { CreativeThumbnail } from './Media.js';

/** What waits for approval, with the screens' files to look at before saying yes or no. */
export function Approvals() {
  const { t } = useLanguage();
  const { api } = useSession();
  const [items, setItems] = useState<Creative[] | null>(null);
  const [reasons, setReasons] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(
    () =>
      api.get<Page<Creative>>('/api/creatives?review=submitted&pageSize=100').then(
        (page) => setItems(page.items),
        (problem: Error) => setError(problem.message),
      ),
    [api],
  );
  useEffect(() => void load(), [load]);

  const decide = async (id: string, action: 'approve' | 'reject') => {
    setError(null);
    try {
      await api.post(`/api/creatives/${id}/${action}`, action === 'reject' ? { reason: reasons[id] ?? '' } : undefined);
      await load();
    } catch (problem) {
      setError((problem as Error).message);
    }
  };

  return (
    <section>
      <h1>{t('approvals.title')}</h1>
      <ErrorAlert error={error} />
      {items?.length === 0 && <p className="empty">{t('approvals.empty')}</p>}
      <div className="grid">
        {(items ?? []).map((c) => (
          <article key={c.id} className="tile" data-creative-id={c.id}>
            <CreativeThumbnail creative={c} />
            <strong>{c.title}</strong>
            <span className="muted">{t(`kind.${c.kind}`)}</span>
            <div className="actions">
              <button type="button" onClick={() => void decide(c.id, 'approve')}>
                {t('approvals.approve')}
              </button>
              <input
                aria-label={t('approvals.reason')}
                placeholder={t('approvals.reason')}
                value={reasons[c.id] ?? ''}
                onChange={(e) => setReasons((all) => ({ ...all, [c.id]: e.target.value }))}
              />
              <button type="button" className="danger" onClick={() => void decide(c.id, 'reject')}>
                {t('approvals.reject')}
              </button>
            </div>
          </article>
        ))}
      </div>
    </section>
  );
}
