import { describe, expect, it } from '@jest/globals';
import { matchesRule, normaliseTag, type ScreenFacts, type ScreenRule } from './screen-rule.js';
import { stableStringify } from './stable-json.js';

const busStation: ScreenFacts = {
  kind: 'transit',
  tags: ['Bến xe', 'ngoài trời'],
  localityPath: '/hcm/q1/ben-thanh/',
  organisationPath: '/phuong-trang/',
};
const any: ScreenRule = { scopePath: null, tags: [], localityPaths: [], kinds: [] };

describe('screen rules', () => {
  it('match everything without conditions', () => {
    expect(matchesRule(busStation, any)).toBe(true);
  });

  it('need every condition, and any value within one', () => {
    expect(matchesRule(busStation, { ...any, kinds: ['elevator', 'transit'] })).toBe(true);
    expect(matchesRule(busStation, { ...any, kinds: ['elevator'] })).toBe(false);
    expect(matchesRule(busStation, { ...any, tags: ['  bến XE '] })).toBe(true);
    expect(matchesRule(busStation, { ...any, tags: ['bến'] })).toBe(false);
    expect(matchesRule(busStation, { ...any, localityPaths: ['/hcm/q3/', '/hcm/q1/'] })).toBe(true);
    expect(matchesRule(busStation, { ...any, localityPaths: ['/hcm/q3/'], kinds: ['transit'] })).toBe(false);
  });

  it('reach only screens the group’s owner owns, not those merely standing in its area', () => {
    expect(matchesRule(busStation, { ...any, scopePath: '/phuong-trang/' })).toBe(true);
    expect(matchesRule(busStation, { ...any, scopePath: '/hcm/q1/' })).toBe(false);
    expect(matchesRule(busStation, { ...any, scopePath: '/hcm/q3/' })).toBe(false);
  });
});

describe('normaliseTag', () => {
  it('folds every Vietnamese capital, as the locale-aware fold does', () => {
    const capitals = 'ÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚĂĐĨŨƠƯẠẢẤẦẨẪẬẮẰẲẴẶẸẺẼẾỀỂỄỆỈỊỌỎỐỒỔỖỘỚỜỞỠỢỤỦỨỪỬỮỰỲỴỶỸ';
    expect(normaliseTag(` ${capitals} `)).toBe(capitals.toLocaleLowerCase('vi'));
  });
});

describe('stableStringify', () => {
  it('gives the same text whatever the key order', () => {
    expect(stableStringify({ b: 1, a: [{ y: null, x: 'đ' }] })).toBe(
      stableStringify({ a: [{ x: 'đ', y: null }], b: 1 }),
    );
    expect(stableStringify({ a: 1, gone: undefined })).toBe('{"a":1}');
  });
});
