import { type ChangeEvent, type FormEvent, useCallback, useEffect, useState } from 'react';
import type { Organisation, Page } from '../api.js';
import { FormEnd } from '../components.js';
import { useLanguage } from '../i18n.js';
import { useAction } from '../action.js';
import { useSession } from '../session.js';
import { treeOrder } from '../places.js';

type Kind = Organisation['kind'];
const KINDS: readonly Kind[] = ['province', 'district', 'ward', 'company'];

/** The tree of places and organisations: add one, or import many from a CSV file (name,kind,parent). */
export function Localities() {
  const { t } = useLanguage();
  const { api } = useSession();
  const { working, error, setError, run } = useAction();
  const [all, setAll] = useState<Organisation[]>([]);
  const [name, setName] = useState('');
  const [kind, setKind] = useState<Kind>('ward');
  const [parentId, setParentId] = useState('');
  const [notice, setNotice] = useState<string | null>(null);

  const load = useCallback(
    () =>
      api.get<Page<Organisation>>('/api/organisations?pageSize=100').then(
        (page) => {
          setAll(treeOrder(page.items));
          setParentId((current) => current || page.items[0]?.id || '');
        },
        (problem: Error) => setError(problem.message),
      ),
    [api],
  );
  useEffect(() => void load(), [load]);

  const add = async (event: FormEvent) => {
    event.preventDefault();
    await run(async () => {
      await api.post('/api/organisations', { name, kind, parentId: parentId || undefined });
      setName('');
      await load();
    });
  };

  const importCsv = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    setError(null);
    setNotice(null);
    let count = 0;
    try {
      // parents by name as the server has them now, not as this page last loaded them
      const known = await api.get<Page<Organisation>>('/api/organisations?pageSize=100');
      const byName = new Map(known.items.map((o) => [o.name, o.id]));
      for (const line of (await file.text()).split(/\r?\n/)) {
        const [rowName, rowKind, parentName] = line.split(',').map((cell) => cell.trim());
        if (!rowName || !KINDS.includes(rowKind as Kind)) continue;
        const created = await api.post<Organisation>('/api/organisations', {
          name: rowName,
          kind: rowKind,
          parentId: parentName ? byName.get(parentName) : undefined,
        });
        byName.set(created.name, created.id);
        count += 1;
      }
    } catch (problem) {
      setError((problem as Error).message);
    }
    setNotice(t('localities.imported', { count }));
    await load();
  };

  return (
    <section>
      <h1>{t('localities.title')}</h1>
      <div className="columns">
        <div>
          <form className="card form" onSubmit={(e) => void add(e)}>
            <label>
              {t('localities.name')}
              <input required maxLength={200} value={name} onChange={(e) => setName(e.target.value)} />
            </label>
            <label>
              {t('localities.kind')}
              <select value={kind} onChange={(e) => setKind(e.target.value as Kind)}>
                {KINDS.map((k) => (
                  <option key={k} value={k}>
                    {t(`org.${k}`)}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t('localities.parent')}
              <select value={parentId} onChange={(e) => setParentId(e.target.value)}>
                {all.map((o) => (
                  <option key={o.id} value={o.id}>
                    {o.name}
                  </option>
                ))}
              </select>
            </label>
            <FormEnd error={error} working={working} label={t('localities.add')} workingLabel={t('common.loading')} />
          </form>
          <div className="card form">
            <label>
              {t('localities.import')}
              <input type="file" accept=".csv,text/csv" data-testid="csv" onChange={(e) => void importCsv(e)} />
            </label>
            <p className="muted">{t('localities.importHelp')}</p>
            {notice && <p className="notice">{notice}</p>}
          </div>
        </div>
        <ul className="tree card">
          {all.map((o) => (
            <li key={o.id} style={{ paddingLeft: `${(o.path.split('/').filter(Boolean).length - 1) * 1.2}rem` }}>
              {o.name} <span className="muted">· {t(`org.${o.kind}`)}</span>
            </li>
          ))}
        </ul>
      </div>
    </section>
  );
}
