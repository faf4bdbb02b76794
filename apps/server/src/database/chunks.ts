/** Ids per SQL `IN (…)` list: well inside both engines' parameter limits (SQLite 32766, PostgreSQL 65535). */
export const IDS_PER_QUERY = 5000;

/** A list cut into consecutive pieces of at most `size`, for queries that take one piece at a time. */
export function inChunks<T>(list: readonly T[], size = IDS_PER_QUERY): T[][] {
  const pieces: T[][] = [];
  for (let i = 0; i < list.length; i += size) pieces.push(list.slice(i, i + size));
  return pieces;
}
