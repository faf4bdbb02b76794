import { isWithin } from './organisation-tree.js';

/**
 * Where a user may see and act. `everywhere` belongs to a system administrator with no
 * organisation; everyone else sees the subtree rooted at their organisation.
 */
export type Scope = { readonly kind: 'everywhere' } | { readonly kind: 'subtree'; readonly path: string };

export const EVERYWHERE: Scope = Object.freeze({ kind: 'everywhere' });

export function subtreeScope(path: string): Scope {
  return { kind: 'subtree', path };
}

export function scopeContains(scope: Scope, path: string | null): boolean {
  if (scope.kind === 'everywhere') return true;
  return path !== null && isWithin(path, scope.path);
}

/** SQL LIKE pattern matching every path in the scope's subtree (ids never contain % or _). */
export function scopeLikePattern(scope: Scope): string | null {
  return scope.kind === 'everywhere' ? null : `${scope.path}%`;
}
