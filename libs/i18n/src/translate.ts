import { CATALOGUE, type Language, LANGUAGES, type MessageKey } from './messages.js';

export type MessageParams = Readonly<Record<string, string | number>>;

export function translate(language: Language, key: MessageKey, params: MessageParams = {}): string {
  return CATALOGUE[language][key].replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.hasOwn(params, name) ? String(params[name]) : whole,
  );
}

/**
 * Picks the best language Loa speaks from an Accept-Language header (RFC 9110 weights).
 * Without a usable header the API answers in English; the console always asks for one.
 */
export function negotiateLanguage(header: string | undefined | null, fallback: Language = 'en'): Language {
  if (!header) return fallback;
  let best: { language: Language; weight: number } | null = null;
  for (const part of header.split(',')) {
    const [range = '', ...parameters] = part.trim().split(';');
    const primary = range.trim().toLowerCase().split('-')[0];
    const q = parameters.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const weight = q ? Number(q.slice(2)) : 1;
    if (!Number.isFinite(weight) || weight <= 0) continue;
    const language = LANGUAGES.find((l) => l === primary);
    if (language && (!best || weight > best.weight)) best = { language, weight };
  }
  return best?.language ?? fallback;
}
