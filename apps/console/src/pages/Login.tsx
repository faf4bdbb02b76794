import { type FormEvent, useState } from 'react';
import { FormEnd } from '../components.js';
import { useLanguage } from '../i18n.js';
import { useAction } from '../action.js';
import { useSession } from '../session.js';

export function Login() {
  const { t } = useLanguage();
  const { login } = useSession();
  const { working, error, run } = useAction();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    await run(async () => {
      await login(email, password);
    });
  };

  return (
    <main className="login">
      <form className="card" onSubmit={(e) => void submit(e)}>
        <h1>{t('app.name')}</h1>
        <p className="muted">{t('app.tagline')}</p>
        <h2>{t('login.title')}</h2>
        <label>
          {t('login.email')}
          <input
            type="email"
            autoComplete="username"
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
        </label>
        <label>
          {t('login.password')}
          <input
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        <FormEnd error={error} working={working} label={t('login.submit')} workingLabel={t('login.working')} />
      </form>
    </main>
  );
}
