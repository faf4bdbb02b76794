import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { ErrorAlert, FormEnd, PlaceOptions } from '../components.js';
import { useLanguage } from '../i18n.js';
import { useAction } from '../action.js';
import { useSession } from '../session.js';
import { usePlaces } from '../places.js';

interface EmergencyView {
  readonly id: string;
  readonly title: string;
  readonly localityIds: readonly string[];
  readonly message: { readonly text: string } | null;
  readonly startsAt: string;
  readonly active: boolean;
  readonly raisedAbove: boolean;
}

/**
 * Emergency takeover: a message on every screen of the chosen places, at once, until the all
 * clear. A second step says what is about to happen before it does.
 */
export function Emergencies() {
  const { t } = useLanguage();
  const { api } = useSession();
  const { working, error, setError, run } = useAction();
  const [list, setList] = useState<EmergencyView[] | null>(null);
  const [title, setTitle] = useState('');
  const [text, setText] = useState('');
  const [localityIds, setLocalityIds] = useState<string[]>([]);
  const [confirming, setConfirming] = useState(false);
  const places = usePlaces(api, setError);

  const load = useCallback(
    () => api.get<EmergencyView[]>('/api/emergencies').then(setList, (problem: Error) => setError(problem.message)),
    [api],
  );
  useEffect(() => {
    void load();
  }, [api, load]);

  const nameOf = (id: string) => places.find((p) => p.id === id)?.name ?? id;
  const ask = (event: FormEvent) => {
    event.preventDefault();
    setConfirming(true);
  };
  const start = async () => {
    await run(async () => {
      await api.post('/api/emergencies', { title, localityIds, message: { text } });
      setConfirming(false);
      setTitle('');
      setText('');
      await load();
    });
  };
  const allClear = async (id: string) => {
    try {
      await api.post(`/api/emergencies/${id}/cancel`);
      await load();
    } catch (problem) {
      setError((problem as Error).message);
    }
  };

  return (
    <section>
      <h1>{t('emergency.title')}</h1>
      <p className="muted">{t('emergency.intro')}</p>
      <div className="columns">
        <form className="card form emergency" onSubmit={ask}>
          <label>
            {t('emergency.name')}
            <input required maxLength={200} value={title} onChange={(e) => setTitle(e.target.value)} />
          </label>
          <label>
            {t('emergency.text')}
            <textarea required maxLength={500} rows={3} value={text} onChange={(e) => setText(e.target.value)} />
          </label>
          <label>
            {t('emergency.where')}
            <select
              multiple
              required
              value={localityIds}
              onChange={(e) => setLocalityIds(Array.from(e.target.selectedOptions, (o) => o.value))}
            >
              <PlaceOptions places={places} />
            </select>
          </label>
          {confirming ? (
            <div className="confirm" role="alertdialog">
              <p>{t('emergency.confirm', { places: localityIds.map(nameOf).join(', '), text })}</p>
              <div className="actions">
                <button type="button" className="danger" disabled={working} onClick={() => void start()}>
                  {working ? t('emergency.working') : t('emergency.confirmYes')}
                </button>
                <button type="button" onClick={() => setConfirming(false)}>
                  {t('emergency.cancel')}
                </button>
              </div>
              <ErrorAlert error={error} />
            </div>
          ) : (
            <FormEnd
              error={error}
              working={working}
              label={t('emergency.start')}
              workingLabel={t('emergency.working')}
            />
          )}
        </form>
        <div>
          {list?.length === 0 && <p className="empty">{t('emergency.none')}</p>}
          {(list ?? []).map((e) => (
            <article key={e.id} className="card campaign" data-emergency-id={e.id}>
              <strong>{e.title}</strong>
              <span className={`badge ${e.active ? 'offline' : ''}`}>
                {e.active ? t('emergency.active') : t('emergency.ended')}
              </span>
              <span>{e.message?.text ?? ''}</span>
              <span className="muted">{e.localityIds.map(nameOf).join(', ')}</span>
              {e.raisedAbove && <span className="muted">{t('emergency.raisedAbove')}</span>}
              {e.active && !e.raisedAbove && (
                <button type="button" onClick={() => void allClear(e.id)}>
                  {t('emergency.allClear')}
                </button>
              )}
            </article>
          ))}
        </div>
      </div>
    </section>
  );
}
