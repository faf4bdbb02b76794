import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { OperatingWindow, ScreenLayout } from '@loa/protocol';
import { matchesRule, type ScreenKind, type ScreenRule } from '@loa/screens';
import { selectWhereIn } from '../database/rows-by.js';
import type { Screen } from './screen.entity.js';

/**
 * What planning and group rules read of a screen, as stored. The triggers of migration
 * ScreenRevision replace the screen revision when any of these changes (test/screen-rows.e2e-spec.ts
 * checks each): a column added here needs a migration that watches it too.
 */
export const PLANNING_COLUMNS = [
  'kind',
  'tags',
  'localityPath',
  'organisationPath',
  'venue',
  'profileKey',
  'timezone',
  'operatingHours',
  'layout',
] as const;
type PlanningColumn = (typeof PLANNING_COLUMNS)[number];
const JSON_COLUMNS: ReadonlySet<PlanningColumn> = new Set(['tags', 'operatingHours', 'layout']);

/**
 * What planning and group rules read of a screen: a few columns, without an entity to build.
 * Rows are shared between readers (and their lists and objects between screens that hold the
 * same), so they are frozen, all the way down.
 */
export type ScreenForPlan = Readonly<Pick<Screen, 'id' | PlanningColumn>> & {
  readonly tags: readonly string[];
  readonly operatingHours: readonly OperatingWindow[] | null;
  /**
   * Every planning column in one string: screens with the same signature are planned and
   * composed alike, and ten thousand screens are a few hundred signatures.
   */
  readonly signature: string;
};

/** A row as the database gives it: JSON as text. */
interface RawScreen extends Record<PlanningColumn, string | null> {
  id: string;
  kind: ScreenKind;
  tags: string;
  localityPath: string;
  organisationPath: string;
  profileKey: string;
  timezone: string;
}

/** From this many screens on, reading the whole table is faster than looking each one up. */
export const WHOLE_TABLE_FROM = 2000;

const SELECT = `SELECT "id", ${PLANNING_COLUMNS.map((c) => `"${c}"`).join(', ')} FROM "screens"`;

/** The planning columns as stored (JSON as text), in one string. */
const signatureOf = (stored: (column: PlanningColumn) => string | null) =>
  PLANNING_COLUMNS.map((column) => stored(column) ?? '').join('\u0001');

/**
 * A screen for planning from its fields (a test's, or anything not read by ScreenPlanRows). Its
 * signature writes the JSON columns as JSON.stringify does, which may differ from the text the
 * database holds: such a screen and a read one are planned apart, never wrongly together.
 */
export function screenForPlan(fields: Omit<ScreenForPlan, 'signature'>): ScreenForPlan {
  return {
    ...fields,
    signature: signatureOf((column) => {
      const value = fields[column] as unknown;
      if (value === null) return null;
      return JSON_COLUMNS.has(column) ? JSON.stringify(value) : (value as string);
    }),
  };
}

/** One value for each distinct text, made once: ten thousand screens hold a few hundred distinct ones. */
function sharing<T>(make: (text: string) => T): (text: string) => T {
  const made = new Map<string, T>();
  return (text) => {
    let value = made.get(text);
    if (value === undefined) {
      value = make(text);
      made.set(text, value);
    }
    return value;
  };
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

/**
 * The screens' planning rows. A push to ten thousand screens reads every one of them, and so do
 * group counts and reach previews: building ten thousand rows cost a push 40–60 ms (bench:fanout),
 * most of it before the first byte went out. So the whole table is kept in memory and read again
 * only when the screen revision changed: triggers replace it in the same transaction as any insert,
 * delete or change of a planning column (migration ScreenRevision), whichever server made it.
 * A few screens are read from the database, as before.
 */
@Injectable()
export class ScreenPlanRows {
  private cached: { revision: string; rows: Promise<readonly ScreenForPlan[]> } | null = null;

  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  /**
   * These screens (every screen when no ids are given), and every screen one of the rules
   * matches, in no particular order.
   */
  async read(ids?: readonly string[], alsoMatching: readonly ScreenRule[] = []): Promise<readonly ScreenForPlan[]> {
    if (ids === undefined) return this.all();
    const wanted = new Set(ids);
    if (alsoMatching.length > 0 || wanted.size >= WHOLE_TABLE_FROM) {
      return (await this.all()).filter((s) => wanted.has(s.id) || alsoMatching.some((rule) => matchesRule(s, rule)));
    }
    return rowsOf(await selectWhereIn<RawScreen>(this.dataSource, SELECT, 'id', [...wanted]));
  }

  /** Every screen: from memory while the revision is the same. */
  private async all(): Promise<readonly ScreenForPlan[]> {
    const [{ revision }] = await this.dataSource.query<Array<{ revision: string }>>(
      'SELECT "revision" FROM "screen_revision"',
    );
    // read after the revision, the rows are at least as new as it: a change meanwhile only means one more read
    if (this.cached?.revision !== revision) {
      const cached = { revision, rows: this.dataSource.query<RawScreen[]>(SELECT).then(rowsOf) };
      this.cached = cached;
      cached.rows.catch(() => {
        if (this.cached === cached) this.cached = null;
      });
    }
    return this.cached.rows;
  }
}

/** Rows as the database gave them, as planning reads them. */
function rowsOf(raws: readonly RawScreen[]): ScreenForPlan[] {
  // screens alike share their strings, lists and objects: one parse, and one copy in memory, of each
  const intern = sharing((text) => text);
  const parse = sharing((json) => deepFreeze(JSON.parse(json) as unknown));
  return raws.map((r) => ({
    id: r.id,
    kind: intern(r.kind) as ScreenKind,
    tags: parse(r.tags) as string[],
    localityPath: intern(r.localityPath),
    organisationPath: intern(r.organisationPath),
    venue: r.venue === null ? null : intern(r.venue),
    profileKey: intern(r.profileKey),
    timezone: intern(r.timezone),
    operatingHours: r.operatingHours === null ? null : (parse(r.operatingHours) as OperatingWindow[]),
    layout: r.layout === null ? null : (parse(r.layout) as ScreenLayout),
    signature: intern(signatureOf((column) => r[column])),
  }));
}
