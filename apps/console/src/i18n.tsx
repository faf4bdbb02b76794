import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from 'react';
import { CATALOGUE, type Language, type MessageKey } from './messages.js';

export { CATALOGUE, type Language, LANGUAGES, type MessageKey } from './messages.js';

const LANGUAGE_KEY = 'loa.language';

export type Translate = (key: MessageKey, params?: Readonly<Record<string, string | number>>) => string;

interface LanguageState {
  readonly language: Language;
  readonly setLanguage: (language: Language) => void;
  readonly t: Translate;
}

const LanguageContext = createContext<LanguageState | null>(null);

function initialLanguage(): Language {
  const kept = localStorage.getItem(LANGUAGE_KEY);
  // Vietnamese first: English only when asked for
  return kept === 'en' ? 'en' : 'vi';
}

export function LanguageProvider({ children }: { children: ReactNode }) {
  const [language, setState] = useState<Language>(initialLanguage);
  const setLanguage = useCallback((next: Language) => {
    localStorage.setItem(LANGUAGE_KEY, next);
    document.documentElement.lang = next;
    setState(next);
  }, []);
  const t = useCallback<Translate>(
    (key, params = {}) =>
      CATALOGUE[language][key].replace(/\{(\w+)\}/g, (whole, name: string) =>
        Object.hasOwn(params, name) ? String(params[name]) : whole,
      ),
    [language],
  );
  const value = useMemo(() => ({ language, setLanguage, t }), [language, setLanguage, t]);
  return <LanguageContext.Provider value={value}>{children}</LanguageContext.Provider>;
}

export function useLanguage(): LanguageState {
  const state = useContext(LanguageContext);
  if (!state) throw new Error('useLanguage outside LanguageProvider');
  return state;
}
