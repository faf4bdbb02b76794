import { type FormEvent, useState } from 'react';
import { FormEnd } from '../components.js';
import { useLanguage } from '../i18n.js';
import { useAction } from '../action.js';
import { useSession } from '../session.js';

/** After a one-time password: the user chooses their own before anything else. */
export function ChangePassword() {
  const { t } = useLanguage();
  const { api, reload } = useSession();
  const { working, error, setError, run } = useAction();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');

  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (next !== again) {
      setError(t('password.mismatch'));
      return;
    }
    await run(async () => {
      await api.post('/api/auth/password', { currentPassword: current, newPassword: next });
      await reload();
    });
  };

  return (
    <main className="login">
      <form className="card" onSubmit={(e) => void save(e)}>
        <h1>{t('password.title')}</h1>
        <p className="muted">{t('password.intro')}</p>
        <label>
          {t('password.current')}
          <input
            type="password"
            autoComplete="current-password"
            required
            value={current}
            onChange={(e) => setCurrent(e.target.value)}
          />
        </label>
        <label>
          {t('password.new')}
          <input
            type="password"
            autoComplete="new-password"
            required
            minLength={10}
            value={next}
            onChange={(e) => setNext(e.target.value)}
          />
        </label>
        <label>
          {t('password.repeat')}
          <input
            type="password"
            autoComplete="new-password"
            required
            minLength={10}
            value={again}
            onChange={(e) => setAgain(e.target.value)}
          />
        </label>
        <FormEnd error={error} working={working} label={t('password.save')} workingLabel={t('password.saving')} />
      </form>
    </main>
  );
}
