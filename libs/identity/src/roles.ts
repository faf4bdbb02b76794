/** What a user may do in Loa. One role per user; the organisation decides where. */
export const ROLES = ['admin', 'communications', 'operator', 'advertiser'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
