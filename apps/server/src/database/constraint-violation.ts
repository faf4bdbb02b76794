import { QueryFailedError } from 'typeorm';

/** Unique and foreign-key violations, as PostgreSQL and SQLite name them. */
const CONSTRAINT_VIOLATIONS = new Set([
  '23505',
  '23503',
  'SQLITE_CONSTRAINT_UNIQUE',
  'SQLITE_CONSTRAINT_PRIMARYKEY',
  'SQLITE_CONSTRAINT_FOREIGNKEY',
]);

/** The driver's error code of a failed query ("23505", "SQLITE_BUSY"…), or "" for anything else. */
export function driverCodeOf(error: unknown): string {
  if (!(error instanceof QueryFailedError)) return '';
  const code = (error.driverError as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : '';
}

/** Whether the database refused a write because of a unique key or a reference: a race lost, not a fault. */
export function isConstraintViolation(error: unknown): boolean {
  return CONSTRAINT_VIOLATIONS.has(driverCodeOf(error));
}
