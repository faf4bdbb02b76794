import { type FormEvent, useEffect, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { SCREEN_KINDS, type ScreenKind } from '../api.js';
import { FormEnd, PlaceOptions } from '../components.js';
import { useLanguage } from '../i18n.js';
import { usePlaces } from '../places.js';
import { useAction } from '../action.js';
import { useSession } from '../session.js';

/** Pairing by the code a player shows, typed or opened from its QR (/pair?code=…). */
export function Pair() {
  const { t } = useLanguage();
  const { api } = useSession();
  const { working, error, setError, run } = useAction();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [code, setCode] = useState(params.get('code') ?? '');
  const [name, setName] = useState('');
  const [kind, setKind] = useState<ScreenKind>('transit');
  const [localityId, setLocalityId] = useState('');
  const [venue, setVenue] = useState('');
  const [tags, setTags] = useState('');

  const localities = usePlaces(api, setError);
  // the deepest place by default: most screens stand in a ward
  useEffect(() => {
    setLocalityId((current) => current || localities[localities.length - 1]?.id || '');
  }, [localities]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    await run(async () => {
      const claimed = await api.post<{ screen: { id: string } }>('/api/screens/claim', {
        code,
        name,
        kind,
        localityId,
        venue: venue.trim() || undefined,
        tags: tags
          .split(',')
          .map((tag) => tag.trim())
          .filter(Boolean),
      });
      void navigate(`/screens/${claimed.screen.id}`);
    });
  };

  return (
    <section>
      <h1>{t('pair.title')}</h1>
      <p className="muted">{t('pair.intro')}</p>
      <form className="card form" onSubmit={(e) => void submit(e)}>
        <label>
          {t('pair.code')}
          <input
            className="code"
            required
            maxLength={20}
            autoComplete="off"
            value={code}
            onChange={(e) => setCode(e.target.value.toUpperCase())}
          />
        </label>
        <label>
          {t('pair.name')}
          <input required maxLength={200} value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <label>
          {t('pair.kind')}
          <select value={kind} onChange={(e) => setKind(e.target.value as ScreenKind)}>
            {SCREEN_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`kind.${k}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('pair.locality')}
          <select required value={localityId} onChange={(e) => setLocalityId(e.target.value)}>
            <PlaceOptions places={localities} />
          </select>
        </label>
        <label>
          {t('pair.venue')}
          <input maxLength={200} value={venue} onChange={(e) => setVenue(e.target.value)} />
        </label>
        <label>
          {t('pair.tags')}
          <input value={tags} onChange={(e) => setTags(e.target.value)} />
        </label>
        <FormEnd error={error} working={working} label={t('pair.submit')} workingLabel={t('pair.working')} />
      </form>
    </section>
  );
}
