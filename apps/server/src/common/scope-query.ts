import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { type Scope, scopeLikePattern } from '@loa/identity';

/**
 * Restricts a query to the caller's subtree in SQL, so rows outside the scope are never
 * loaded (and so never leak through a forgotten filter after loading).
 */
export function whereInScope<T extends ObjectLiteral>(
  query: SelectQueryBuilder<T>,
  pathColumn: string,
  scope: Scope,
): SelectQueryBuilder<T> {
  const pattern = scopeLikePattern(scope);
  return pattern === null ? query : query.andWhere(`${pathColumn} LIKE :scopePattern`, { scopePattern: pattern });
}
