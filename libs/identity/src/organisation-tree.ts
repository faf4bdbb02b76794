/**
 * Organisations form a tree. The state side follows Vietnam's administrative levels
 * (province › district › ward/commune); companies (advertisers, screen-network owners)
 * sit at the root or under the locality where they are registered.
 */
export const ORGANISATION_KINDS = ['province', 'district', 'ward', 'company'] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

const ALLOWED_PARENTS: Record<OrganisationKind, ReadonlyArray<OrganisationKind | null>> = {
  province: [null],
  district: ['province'],
  ward: ['district'],
  company: [null, 'province', 'district', 'ward', 'company'],
};

export function canBeChildOf(kind: OrganisationKind, parentKind: OrganisationKind | null): boolean {
  return ALLOWED_PARENTS[kind].includes(parentKind);
}

export function allowedParentKinds(kind: OrganisationKind): ReadonlyArray<OrganisationKind | null> {
  return ALLOWED_PARENTS[kind];
}

/**
 * Materialised path: "/<root id>/<child id>/…/<own id>/". A subtree is every path that
 * starts with its root's path, so scoping is one indexed LIKE in the query itself.
 */
export function childPath(parentPath: string | null, id: string): string {
  if (id.includes('/')) throw new Error(`organisation id must not contain "/": ${id}`);
  return `${parentPath ?? '/'}${id}/`;
}

export function isWithin(path: string, scopePath: string): boolean {
  return path.startsWith(scopePath);
}

/**
 * Province › district › ward is three levels; companies may nest a few more. The bound keeps
 * every path well inside its column (20 UUIDs ≈ 740 characters of 1024).
 */
export const MAX_TREE_DEPTH = 20;

export function depthOf(path: string): number {
  return idsOnPath(path).length;
}

export function idsOnPath(path: string): string[] {
  return path.split('/').filter((part) => part.length > 0);
}

/** The path of every organisation on this one's way from the root, itself last ("/a/b/" → "/a/", "/a/b/"). */
export function pathPrefixes(path: string): string[] {
  const out: string[] = [];
  let at = path.indexOf('/', 1);
  while (at > 0) {
    out.push(path.slice(0, at + 1));
    at = path.indexOf('/', at + 1);
  }
  return out;
}

/** The paths of the organisations above this one, the nearest last ("/a/b/c/" → "/a/", "/a/b/"). */
export function ancestorPaths(path: string): string[] {
  return pathPrefixes(path).slice(0, -1);
}
