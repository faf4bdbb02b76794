import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { type Scope, scopeContains, scopeLikePattern } from '@loa/identity';
import type { ScreenFacts } from '@loa/screens';
import type { Screen } from './screen.entity.js';

/**
 * Who sees a screen: anyone whose scope holds its owner or the place it stands (a district
 * watches the company screens in its streets). Who manages it: only its owner's scope.
 */
export function whereScreenVisible<T extends ObjectLiteral>(
  query: SelectQueryBuilder<T>,
  alias: string,
  scope: Scope,
): SelectQueryBuilder<T> {
  const pattern = scopeLikePattern(scope);
  if (pattern === null) return query;
  return query.andWhere(
    `(${alias}.organisationPath LIKE :visiblePattern OR ${alias}.localityPath LIKE :visiblePattern)`,
    {
      visiblePattern: pattern,
    },
  );
}

export function canManageScreen(scope: Scope, screen: Pick<Screen, 'organisationPath'>): boolean {
  return scopeContains(scope, screen.organisationPath);
}

export function factsOf(screen: Pick<Screen, 'kind' | 'tags' | 'localityPath' | 'organisationPath'>): ScreenFacts {
  return {
    kind: screen.kind,
    tags: screen.tags,
    localityPath: screen.localityPath,
    organisationPath: screen.organisationPath,
  };
}
