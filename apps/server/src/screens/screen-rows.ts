import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { OperatingWindow, ScreenLayout } from '@loa/protocol';
import { matchesRule, type ScreenKind, type ScreenRule } from '@loa/screens';
import { inChunks } from '../database/chunks.js';
import { parameterList } from '../database/rows-by.js';
import type { Screen } from './screen.entity.js';

/**
 * What planning and group rules read of a screen: a few columns, without an entity to build.
 * Rows are shared between readers (and their lists and objects between screens that hold the
 * same), so nothing may change them.
 */
export type ScreenForPlan = Readonly<
  Pick<
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
  >
> & {
  /**
   * Everything above but the id, in one string: screens with the same signature are planned and
   * composed alike, and ten thousand screens are a few hundred signatures.
   */
  readonly signature: string;
};

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
}

/** From this many screens on, reading the whole table is faster than looking each one up. */
export const WHOLE_TABLE_FROM = 2000;

const SELECT =
  'SELECT "id", "kind", "tags", "localityPath", "organisationPath", "venue", "profileKey", "timezone", ' +
  '"operatingHours", "layout" FROM "screens"';

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

const signatureOf = (parts: readonly (string | null)[]) => parts.map((p) => p ?? '').join('\u0001');

/** A screen for planning from its fields (a test's, or anything not read by ScreenPlanRows). */
export function screenForPlan(fields: Omit<ScreenForPlan, 'signature'>): ScreenForPlan {
  const { kind, profileKey, timezone, localityPath, organisationPath, venue, tags, operatingHours, layout } = fields;
  const json = (value: unknown) => (value === null ? null : JSON.stringify(value));
  return {
    ...fields,
    signature: signatureOf([
      kind,
      profileKey,
      timezone,
      localityPath,
      organisationPath,
      venue,
      json(tags),
      json(operatingHours),
      json(layout),
    ]),
  };
}

/**
 * The screens' planning rows. A push to ten thousand screens reads every one of them, and so do
 * group counts and reach previews: building ten thousand rows cost a push 40–60 ms (bench:fanout),
 * most of it before the first byte went out. So the whole table is kept in memory and read again
 * only when the screen revision moved: a trigger bumps it in the same transaction as any insert,
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
    const rows: ScreenForPlan[] = [];
    for (const chunk of inChunks([...wanted])) rows.push(...(await this.query(chunk)));
    return rows;
  }

  /** Every screen: from memory while the revision has not moved. */
  private async all(): Promise<readonly ScreenForPlan[]> {
    const [{ revision }] = await this.dataSource.query<Array<{ revision: number | string }>>(
      'SELECT "revision" FROM "screen_revision"',
    );
    // read after the revision, the rows are at least as new as it: a change meanwhile only means one more read
    if (this.cached?.revision !== String(revision)) {
      const cached = { revision: String(revision), rows: this.query() };
      this.cached = cached;
      cached.rows.catch(() => {
        if (this.cached === cached) this.cached = null;
      });
    }
    return this.cached.rows;
  }

  private async query(ids?: readonly string[]): Promise<ScreenForPlan[]> {
    const raws = await this.dataSource.query<RawScreen[]>(
      ids === undefined ? SELECT : `${SELECT} WHERE "id" IN (${parameterList(this.dataSource.driver, ids.length)})`,
      ids === undefined ? [] : [...ids],
    );
    // screens alike share their strings, lists and objects: one parse, and one copy in memory, of each
    const intern = sharing((text) => text);
    const parse = sharing((json) => Object.freeze(JSON.parse(json) as object));
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
      signature: intern(
        signatureOf([
          r.kind,
          r.profileKey,
          r.timezone,
          r.localityPath,
          r.organisationPath,
          r.venue,
          r.tags,
          r.operatingHours,
          r.layout,
        ]),
      ),
    }));
  }
}
