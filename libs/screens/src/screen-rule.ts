/**
 * Dynamic screen groups: a group is a rule over what screens are, not a list, so a screen
 * registered tomorrow in the right district with the right tag is in the group at once.
 */
export const SCREEN_KINDS = ['led_outdoor', 'elevator', 'transit', 'web'] as const;
export type ScreenKind = (typeof SCREEN_KINDS)[number];

/** What a rule can look at. Paths are organisation materialised paths ("/<root id>/…/<id>/"). */
export interface ScreenFacts {
  readonly kind: ScreenKind;
  readonly tags: readonly string[];
  readonly localityPath: string;
  readonly organisationPath: string;
}

/**
 * Every condition given must hold; within one condition any value will do. An empty list is
 * no condition. `scopePath` is the group owner's subtree: a group holds only screens its owner
 * owns (a district's group does not reach the company screens standing in its streets, since
 * what those play is their owner's to decide).
 */
export interface ScreenRule {
  readonly scopePath: string | null;
  readonly tags: readonly string[];
  readonly localityPaths: readonly string[];
  readonly kinds: readonly ScreenKind[];
}

/**
 * Tags compare without case or surrounding spaces: "Bến xe" and "bến xe " are one tag.
 * Plain toLowerCase: Vietnamese has no locale-specific casing, and it is some 25 times faster
 * than toLocaleLowerCase('vi') on the path that matches ten thousand screens per push.
 */
export function normaliseTag(tag: string): string {
  return tag.trim().toLowerCase();
}

export function matchesRule(screen: ScreenFacts, rule: ScreenRule): boolean {
  if (rule.scopePath !== null && !screen.organisationPath.startsWith(rule.scopePath)) return false;
  if (rule.kinds.length > 0 && !rule.kinds.includes(screen.kind)) return false;
  if (rule.localityPaths.length > 0 && !rule.localityPaths.some((p) => screen.localityPath.startsWith(p))) return false;
  if (rule.tags.length > 0) {
    const tags = new Set(screen.tags.map(normaliseTag));
    if (!rule.tags.some((t) => tags.has(normaliseTag(t)))) return false;
  }
  return true;
}
