import { describe, expect, it } from '@jest/globals';
import {
  ancestorPaths,
  canBeChildOf,
  pathPrefixes,
  childPath,
  depthOf,
  idsOnPath,
  isWithin,
} from './organisation-tree.js';
import { EVERYWHERE, scopeContains, scopeLikePattern, subtreeScope } from './scope.js';

describe('organisation tree', () => {
  it('follows province › district › ward and lets companies sit anywhere', () => {
    expect(canBeChildOf('province', null)).toBe(true);
    expect(canBeChildOf('district', 'province')).toBe(true);
    expect(canBeChildOf('ward', 'district')).toBe(true);
    expect(canBeChildOf('company', null)).toBe(true);
    expect(canBeChildOf('company', 'ward')).toBe(true);
  });

  it('refuses levels out of order', () => {
    expect(canBeChildOf('district', null)).toBe(false);
    expect(canBeChildOf('ward', 'province')).toBe(false);
    expect(canBeChildOf('province', 'district')).toBe(false);
    expect(canBeChildOf('district', 'company')).toBe(false);
  });

  it('builds materialised paths whose prefixes are subtrees', () => {
    const province = childPath(null, 'p1');
    const district = childPath(province, 'd1');
    const ward = childPath(district, 'w1');
    expect(province).toBe('/p1/');
    expect(ward).toBe('/p1/d1/w1/');
    expect(idsOnPath(ward)).toEqual(['p1', 'd1', 'w1']);
    expect(depthOf(province)).toBe(1);
    expect(depthOf(ward)).toBe(3);
    expect(isWithin(ward, district)).toBe(true);
    expect(isWithin(district, ward)).toBe(false);
    // a sibling whose id starts with the same characters is not inside
    expect(isWithin(childPath(province, 'd10'), district)).toBe(false);
    expect(ancestorPaths(ward)).toEqual([province, district]);
    expect(ancestorPaths(province)).toEqual([]);
    expect(pathPrefixes(ward)).toEqual([province, district, ward]);
  });

  it('rejects ids that would break the path', () => {
    expect(() => childPath(null, 'a/b')).toThrow(/must not contain/);
  });
});

describe('scope', () => {
  it('contains only its subtree', () => {
    const scope = subtreeScope('/p1/d1/');
    expect(scopeContains(scope, '/p1/d1/w1/')).toBe(true);
    expect(scopeContains(scope, '/p1/d2/')).toBe(false);
    expect(scopeContains(scope, '/p1/')).toBe(false);
    expect(scopeContains(scope, null)).toBe(false);
    expect(scopeLikePattern(scope)).toBe('/p1/d1/%');
  });

  it('everywhere contains every path and needs no filter', () => {
    expect(scopeContains(EVERYWHERE, '/x/')).toBe(true);
    expect(scopeContains(EVERYWHERE, null)).toBe(true);
    expect(scopeLikePattern(EVERYWHERE)).toBeNull();
  });
});
