import type { DataSource } from 'typeorm';
import type { OperatingWindow, ScreenLayout } from '@loa/protocol';
import { matchesRule, type ScreenKind, type ScreenRule } from '@loa/screens';
import { inChunks } from '../database/chunks.js';
import type { Screen } from './screen.entity.js';

/** What planning and group rules read of a screen: a few columns, without an entity to build. */
export type ScreenForPlan = Pick<
  Screen,
  | 'id'
  | 'kind'
  | 'tags'
  | 'localityPath'
  | 'organisationPath'
  | 'venue'
  | 'profileKey'
  | 'timezone'
  | 'operatingHours'
  | 'layout'
  | 'playlistVersion'
>;

interface RawScreen {
  id: string;
  kind: ScreenKind;
  tags: string;
  localityPath: string;
  organisationPath: string;
  venue: string | null;
  profileKey: string;
  timezone: string;
  operatingHours: string | null;
  layout: string | null;
  playlistVersion: string | null;
}

/** From this many screens on, reading the whole table is faster than looking each one up. */
const WHOLE_TABLE_FROM = 2000;

/**
 * Screens for planning, read as plain rows: these ids (every screen when none are given), and
 * every screen one of the rules matches. Ten thousand screens are recomputed for one campaign
 * edit; building ten thousand entities was most of that push's time.
 */
export async function screensForPlan(
  dataSource: DataSource,
  ids?: readonly string[],
  alsoMatching: readonly ScreenRule[] = [],
): Promise<ScreenForPlan[]> {
  if (ids !== undefined && alsoMatching.length > 0) {
    const wanted = new Set(ids);
    const all = await screensForPlan(dataSource);
    return all.filter((s) => wanted.has(s.id) || alsoMatching.some((rule) => matchesRule(s, rule)));
  }
  const read = (chunk?: readonly string[]) => {
    const q = dataSource
      .createQueryBuilder()
      .from('screens', 's')
      .select([
        's.id AS id',
        's.kind AS kind',
        's.tags AS tags',
        's."localityPath" AS "localityPath"',
        's."organisationPath" AS "organisationPath"',
        's.venue AS venue',
        's."profileKey" AS "profileKey"',
        's.timezone AS timezone',
        's."operatingHours" AS "operatingHours"',
        's.layout AS layout',
        'sp.version AS "playlistVersion"',
      ])
      .leftJoin('screen_playlists', 'sp', 'sp."screenId" = s.id');
    if (chunk) q.where('s.id IN (:...chunk)', { chunk });
    return q.getRawMany<RawScreen>();
  };
  const rows: RawScreen[] = [];
  const wanted = ids === undefined ? null : new Set(ids);
  if (wanted === null) rows.push(...(await read()));
  else if (wanted.size >= WHOLE_TABLE_FROM) {
    // thousands of ids: one pass over the table beats a dozen IN lists of a thousand
    for (const row of await read()) if (wanted.has(row.id)) rows.push(row);
  } else {
    for (const chunk of inChunks([...wanted])) rows.push(...(await read(chunk)));
  }
  return rows.map((r) => ({
    ...r,
    tags: JSON.parse(r.tags) as string[],
    operatingHours: r.operatingHours === null ? null : (JSON.parse(r.operatingHours) as OperatingWindow[]),
    layout: r.layout === null ? null : (JSON.parse(r.layout) as ScreenLayout),
  }));
}
