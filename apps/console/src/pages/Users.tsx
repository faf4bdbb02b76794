import { type FormEvent, useCallback, useEffect, useState } from 'react';
import type { Organisation, Page, Role } from '../api.js';
import { FormEnd } from '../components.js';
import { ago } from '../format.js';
import { useLanguage } from '../i18n.js';
import { useAction } from '../action.js';
import { useSession } from '../session.js';

interface UserView {
  readonly id: string;
  readonly email: string;
  readonly displayName: string;
  readonly role: Role;
  readonly organisationId: string | null;
  readonly active: boolean;
  readonly mayTriggerEmergencies: boolean;
  readonly lastLoginAt: string | null;
}

const ROLES: readonly Role[] = ['admin', 'communications', 'operator', 'advertiser'];

/** Users within the administrator's scope: create them (a one-time password, shown once), disable, designate. */
export function Users() {
  const { t } = useLanguage();
  const { api } = useSession();
  const { working, error, setError, run } = useAction();
  const [users, setUsers] = useState<UserView[] | null>(null);
  const [organisations, setOrganisations] = useState<Organisation[]>([]);
  const [email, setEmail] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [role, setRole] = useState<Role>('communications');
  const [organisationId, setOrganisationId] = useState('');
  const [created, setCreated] = useState<string | null>(null);

  const load = useCallback(
    () =>
      api.get<Page<UserView>>('/api/users?pageSize=100').then(
        (page) => setUsers(page.items),
        (problem: Error) => setError(problem.message),
      ),
    [api],
  );
  useEffect(() => {
    void load();
    api.get<Page<Organisation>>('/api/organisations?pageSize=100').then(
      (page) => {
        setOrganisations(page.items);
        setOrganisationId((current) => current || page.items[0]?.id || '');
      },
      (problem: Error) => setError(problem.message),
    );
  }, [api, load]);

  const nameOf = (id: string | null) => organisations.find((o) => o.id === id)?.name ?? '';
  const create = async (event: FormEvent) => {
    event.preventDefault();
    setCreated(null);
    await run(async () => {
      const answer = await api.post<{ oneTimePassword?: string }>('/api/users', {
        email,
        displayName,
        role,
        organisationId: organisationId || null,
      });
      if (answer.oneTimePassword) setCreated(t('users.oneTime', { email, password: answer.oneTimePassword }));
      setEmail('');
      setDisplayName('');
      await load();
    });
  };
  const change = async (user: UserView, patch: Partial<Pick<UserView, 'active' | 'mayTriggerEmergencies'>>) => {
    try {
      await api.patch(`/api/users/${user.id}`, patch);
      await load();
    } catch (problem) {
      setError((problem as Error).message);
    }
  };

  return (
    <section>
      <h1>{t('users.title')}</h1>
      <div className="columns">
        <form className="card form" onSubmit={(e) => void create(e)}>
          <h2>{t('users.new')}</h2>
          <label>
            {t('users.email')}
            <input type="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
          </label>
          <label>
            {t('users.name')}
            <input required maxLength={200} value={displayName} onChange={(e) => setDisplayName(e.target.value)} />
          </label>
          <label>
            {t('users.role')}
            <select value={role} onChange={(e) => setRole(e.target.value as Role)}>
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {t(`role.${r}`)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('users.organisation')}
            <select value={organisationId} onChange={(e) => setOrganisationId(e.target.value)}>
              {organisations.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.name}
                </option>
              ))}
            </select>
          </label>
          {created && (
            <p className="notice" data-testid="one-time">
              {created}
            </p>
          )}
          <FormEnd error={error} working={working} label={t('users.create')} workingLabel={t('users.creating')} />
        </form>
        <table>
          <thead>
            <tr>
              <th>{t('users.name')}</th>
              <th>{t('users.role')}</th>
              <th>{t('users.organisation')}</th>
              <th>{t('users.lastLogin')}</th>
              <th>{t('users.emergencies')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {(users ?? []).map((u) => (
              <tr key={u.id} data-user-id={u.id}>
                <td>
                  {u.displayName}
                  <br />
                  <span className="muted">{u.email}</span>
                </td>
                <td>{t(`role.${u.role}`)}</td>
                <td>{nameOf(u.organisationId)}</td>
                <td>{ago(t, u.lastLoginAt)}</td>
                <td>
                  {u.role === 'communications' && (
                    <input
                      type="checkbox"
                      aria-label={t('users.emergencies')}
                      checked={u.mayTriggerEmergencies}
                      onChange={() => void change(u, { mayTriggerEmergencies: !u.mayTriggerEmergencies })}
                    />
                  )}
                </td>
                <td>
                  <button
                    type="button"
                    className={u.active ? 'danger' : ''}
                    onClick={() => void change(u, { active: !u.active })}
                  >
                    {u.active ? t('users.disable') : t('users.enable')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
