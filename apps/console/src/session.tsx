import { createContext, type ReactNode, useContext, useEffect, useMemo, useState } from 'react';
import { Api, type Me } from './api.js';
import { CATALOGUE, type Language, useLanguage } from './i18n.js';

interface Session {
  readonly api: Api;
  /** Undefined while the saved session is being restored. */
  readonly user: Me | null | undefined;
  readonly login: (email: string, password: string) => Promise<void>;
  readonly logout: () => Promise<void>;
  /** Reads who is signed in again (after a password change). */
  readonly reload: () => Promise<void>;
}

const SessionContext = createContext<Session | null>(null);

/** Who is signed in: restored from the refresh cookie on load, so a reload keeps the session. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const { language } = useLanguage();
  const [api] = useState(() => {
    // the language of the moment, not of the first render
    const current = (): Language => (document.documentElement.lang === 'en' ? 'en' : 'vi');
    return new Api(current, () => CATALOGUE[current()]['error.network']);
  });
  const [user, setUser] = useState<Me | null | undefined>(undefined);
  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);
  useEffect(() => {
    void api.renew().then((signedIn) => setUser(signedIn?.user ?? null));
  }, [api]);
  const value = useMemo<Session>(
    () => ({
      api,
      user,
      login: async (email, password) => setUser((await api.login(email, password)).user),
      logout: async () => {
        await api.logout();
        setUser(null);
      },
      reload: async () => setUser(await api.get<Me>('/api/auth/me')),
    }),
    [api, user],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}
