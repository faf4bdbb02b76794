import { describe, expect, it } from '@jest/globals';
import { CATALOGUE } from './messages.js';
import { negotiateLanguage, translate } from './translate.js';

describe('translate', () => {
  it('fills parameters in both languages', () => {
    expect(translate('en', 'error.too_many_requests', { seconds: 42 })).toBe(
      'Too many attempts. Please wait 42 seconds and try again.',
    );
    expect(translate('vi', 'error.too_many_requests', { seconds: 42 })).toBe(
      'Bạn đã thử quá nhiều lần. Vui lòng đợi 42 giây rồi thử lại.',
    );
  });

  it('leaves an unknown placeholder visible rather than inventing text', () => {
    expect(translate('en', 'error.not_found')).toBe('{object} not found.');
  });

  it('has a Vietnamese sentence for every English one, and no English left in it', () => {
    const keys = Object.keys(CATALOGUE.en);
    expect(Object.keys(CATALOGUE.vi).sort()).toEqual([...keys].sort());
    for (const key of keys as (keyof typeof CATALOGUE.en)[]) {
      const english = CATALOGUE.en[key];
      // words and short placeholders like "true or false" may legitimately match; whole sentences may not
      if (english.length > 20) expect(CATALOGUE.vi[key]).not.toBe(english);
    }
  });
});

describe('negotiateLanguage', () => {
  it.each([
    [undefined, 'en'],
    ['', 'en'],
    ['vi', 'vi'],
    ['vi-VN,vi;q=0.9,en;q=0.8', 'vi'],
    ['en-US,en;q=0.9,vi;q=0.8', 'en'],
    ['fr-FR, vi;q=0.5', 'vi'],
    ['fr', 'en'],
    ['en;q=0.1, vi;q=0.7', 'vi'],
    ['vi;q=0', 'en'],
  ])('%s → %s', (header, expected) => {
    expect(negotiateLanguage(header)).toBe(expected);
  });
});
