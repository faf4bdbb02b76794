import { type FormEvent, useEffect, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { type Organisation, type Page, SCREEN_KINDS, type ScreenKind } from '../api.js';
import { FormEnd, PlaceOptions } from '../components.js';
import { useLanguage } from '../i18n.js';
import { useSession } from '../session.js';

/** Parents before children, siblings by name. */
export function treeOrder(organisations: readonly Organisation[]): Organisation[] {
  const names = new Map(organisations.map((o) => [o.id, o.name]));
  const key = (o: Organisation) =>
    o.path
      .split('/')
      .filter(Boolean)
      .map((id) => names.get(id) ?? '')
      .join('\u0000');
  return [...organisations].sort((a, b) => key(a).localeCompare(key(b), 'vi'));
}

/** Provinces, districts and wards (not companies) in tree order, by name: where screens stand. */
export function sortedPlaces(organisations: readonly Organisation[]): Organisation[] {
  return treeOrder(organisations.filter((o) => o.kind !== 'company'));
}

/** Pairing by the code a player shows, typed or opened from its QR (/pair?code=…). */
export function Pair() {
  const { t } = useLanguage();
  const { api } = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [code, setCode] = useState(params.get('code') ?? '');
  const [name, setName] = useState('');
  const [kind, setKind] = useState<ScreenKind>('transit');
  const [localityId, setLocalityId] = useState('');
  const [venue, setVenue] = useState('');
  const [tags, setTags] = useState('');
  const [localities, setLocalities] = useState<Organisation[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [working, setWorking] = useState(false);

  useEffect(() => {
    api.get<Page<Organisation>>('/api/organisations?pageSize=100').then(
      (page) => {
        // screens stand in places: provinces, districts and wards, not companies
        const places = sortedPlaces(page.items);
        setLocalities(places);
        setLocalityId((current) => current || places[places.length - 1]?.id || '');
      },
      (problem: Error) => setError(problem.message),
    );
  }, [api]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setWorking(true);
    setError(null);
    try {
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
    } catch (problem) {
      setError((problem as Error).message);
    } finally {
      setWorking(false);
    }
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
