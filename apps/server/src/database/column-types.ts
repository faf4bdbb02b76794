/**
 * Column types that differ between the two engines Loa runs on. Migrations are written
 * once against these, so the same migration builds the same schema on SQLite and PostgreSQL.
 */
export function columnTypes(engine: string) {
  if (engine === 'postgres') {
    return {
      uuid: 'uuid',
      uuidDefault: { isGenerated: true, generationStrategy: 'uuid' as const, default: 'gen_random_uuid()' },
      timestamp: 'timestamptz',
      now: 'now()',
      true: 'true',
      false: 'false',
    };
  }
  return {
    uuid: 'varchar(36)',
    uuidDefault: {},
    timestamp: 'datetime',
    now: "(datetime('now'))",
    true: '1',
    false: '0',
  };
}

/** PostgreSQL returns bigint as a string (it may exceed 2^53); byte sizes never do. */
export const bigintAsNumber = {
  to: (value: number | null | undefined): number | null | undefined => value,
  from: (value: string | number | null): number | null => (value === null ? null : Number(value)),
};
