import { CATALOGUE, isMessageKey, type Language, LANGUAGES, type MessageKey } from './messages.js';

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

/**
 * A whole sentence: parameters that are themselves message keys ("object.user") are said in
 * the same language, and the sentence starts with a capital.
 */
export function say(language: Language, key: MessageKey, params: MessageParams = {}): string {
  const localised: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(params)) {
    localised[name] = typeof value === 'string' && isMessageKey(value) ? translate(language, value) : value;
  }
  const sentence = translate(language, key, localised);
  return sentence.charAt(0).toUpperCase() + sentence.slice(1);
}

/** A byte count as people read it: 52428800 → "50 MB", 2147483648 → "2 GB". */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const rounded = value >= 100 || Number.isInteger(value) ? Math.round(value) : Math.round(value * 10) / 10;
  return `${rounded} ${units[unit]}`;
}
