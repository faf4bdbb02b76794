/** Room names on the socket.io namespaces: written once here, so no string is spelt twice. */
export const rooms = {
  /** Every socket of one paired screen (normally one). */
  screen: (screenId: string): string => `screen:${screenId}`,
  /** Screens in a dynamic group. */
  group: (groupId: string): string => `group:${groupId}`,
  /** Screens standing in a locality or anywhere below it. */
  locality: (organisationId: string): string => `locality:${organisationId}`,
  /** An unpaired player waiting for its code to be claimed. */
  pairing: (channel: string): string => `pairing:${channel}`,
  /** Consoles of users whose scope is this organisation's subtree. */
  scope: (organisationId: string): string => `scope:${organisationId}`,
  /** Consoles of system administrators, who see everything. */
  everywhere: 'scope:*',
} as const;
