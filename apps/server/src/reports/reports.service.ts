import { Inject, Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { idsOnPath, scopeLikePattern, type Scope } from '@loa/identity';
import { Campaign } from '../campaigns/campaign.entity.js';
import { Clock } from '../clock/clock.js';
import { Invalid } from '../common/errors.js';
import type { AuthenticatedContext } from '../common/request-context.js';
import { Creative } from '../creatives/creative.entity.js';
import { inChunks } from '../database/chunks.js';
import { Organisation } from '../organisations/organisation.entity.js';
import { REPORT_TIMEZONE } from '../plays/play-reports.service.js';
import { sqliteInstant } from '../plays/plays.service.js';
import { Screen } from '../screens/screen.entity.js';
import { ScreensService } from '../screens/screens.service.js';
import type {
  DeploymentReportDto,
  DeploymentRowDto,
  PlaysReportDto,
  PlaysReportQueryDto,
  PlaysReportRowDto,
  ReportGrouping,
} from './dto/report.dto.js';
import type { ScheduleWindowQueryDto } from '../campaigns/dto/schedule.dto.js';

const MAX_REPORT_DAYS = 92;
const OFFSET_HOURS = 7;

interface Grouped {
  key: string | null;
  plays: string | number;
  seconds: string | number | null;
  screens: string | number;
}

/**
 * Reports over proof of play, within the asker's scope: plays on screens their organisation
 * owns or that stand in their area, as the players recorded them (skipped plays are no airtime).
 */
@Injectable()
export class ReportsService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(Clock) private readonly clock: Clock,
    private readonly screens: ScreensService,
  ) {}

  async plays(ctx: AuthenticatedContext, query: PlaysReportQueryDto): Promise<PlaysReportDto> {
    const { from, to } = windowOf(query);
    const postgres = this.dataSource.options.type === 'postgres';
    const groups: Record<ReportGrouping, string> = {
      campaign: '"campaignId"',
      creative: '"creativeId"',
      screen: '"screenId"',
      // grouped by the locality path, then folded into districts below
      district: '"localityPath"',
      day: postgres
        ? `to_char(("startedAt" AT TIME ZONE '${REPORT_TIMEZONE}'), 'YYYY-MM-DD')`
        : `strftime('%Y-%m-%d', "startedAt", '+${OFFSET_HOURS} hours')`,
    };
    const group = groups[query.by];
    const { where, params } = this.scoped(ctx.principal.scope, from, to, postgres);
    const rows = await this.dataSource.query<Grouped[]>(
      `SELECT ${group} AS key, COUNT(*) AS plays, SUM("shownSeconds") AS seconds, COUNT(DISTINCT "screenId") AS screens
         FROM plays WHERE ${where} GROUP BY ${group} ORDER BY ${group}`,
      params,
    );
    let out: PlaysReportRowDto[] = rows.map((r) => ({
      key: r.key ?? '',
      name: '',
      plays: Number(r.plays),
      seconds: Math.round(Number(r.seconds ?? 0) * 10) / 10,
      screens: Number(r.screens),
    }));
    if (query.by === 'district') out = foldIntoDistricts(out);
    await this.name(query.by, out);
    if (query.by !== 'day') out.sort((a, b) => b.plays - a.plays || a.name.localeCompare(b.name, 'vi'));
    const seconds = out.reduce((sum, r) => sum + r.seconds, 0);
    return {
      by: query.by,
      from: from.toISOString(),
      to: to.toISOString(),
      rows: out,
      plays: out.reduce((sum, r) => sum + r.plays, 0),
      airtimeHours: Math.round((seconds / 3600) * 100) / 100,
    };
  }

  /**
   * "Báo cáo kết quả triển khai": for each district in scope, the screens registered, how many
   * are online now, and the plays and airtime of the range, to send up to the province.
   */
  async deployment(ctx: AuthenticatedContext, query: ScheduleWindowQueryDto): Promise<DeploymentReportDto> {
    const { from, to } = windowOf(query);
    const scope = ctx.principal.scope;
    const pattern = scopeLikePattern(scope);
    const screenQuery = this.dataSource
      .getRepository(Screen)
      .createQueryBuilder('s')
      .select(['s.id', 's.localityPath', 's.online', 's.lastSeenAt']);
    if (pattern) {
      screenQuery.where('(s.organisationPath LIKE :pattern OR s.localityPath LIKE :pattern)', { pattern });
    }
    const screens = await screenQuery.getMany();
    const byDistrict = new Map<string, DeploymentRowDto>();
    const rowOf = (localityPath: string) => {
      const districtId = districtOf(localityPath);
      let row = byDistrict.get(districtId);
      if (!row) {
        row = { districtId, district: '', screens: 0, online: 0, plays: 0, airtimeHours: 0 };
        byDistrict.set(districtId, row);
      }
      return row;
    };
    for (const screen of screens) {
      const row = rowOf(screen.localityPath);
      row.screens += 1;
      if (this.screens.isOnline(screen)) row.online += 1;
    }
    const plays = await this.plays(ctx, { ...query, by: 'district' });
    for (const r of plays.rows) {
      const row = rowOf(`/${r.key}/`);
      row.plays += r.plays;
      row.airtimeHours = Math.round((row.airtimeHours + r.seconds / 3600) * 100) / 100;
    }
    const rows = [...byDistrict.values()];
    const names = await this.organisationNames(rows.map((r) => r.districtId));
    for (const row of rows) row.district = names.get(row.districtId) ?? '';
    rows.sort((a, b) => a.district.localeCompare(b.district, 'vi'));
    const total: DeploymentRowDto = {
      districtId: '',
      district: '',
      screens: rows.reduce((sum, r) => sum + r.screens, 0),
      online: rows.reduce((sum, r) => sum + r.online, 0),
      plays: rows.reduce((sum, r) => sum + r.plays, 0),
      airtimeHours: Math.round(rows.reduce((sum, r) => sum + r.airtimeHours, 0) * 100) / 100,
    };
    return { from: from.toISOString(), to: to.toISOString(), madeAt: this.clock.now().toISOString(), rows, total };
  }

  private scoped(scope: Scope, from: Date, to: Date, postgres: boolean) {
    const bind = (at: Date) => (postgres ? at.toISOString() : sqliteInstant(at.toISOString()));
    const pattern = scopeLikePattern(scope);
    const mark = (n: number) => (postgres ? `$${n}` : '?');
    let where = `"startedAt" >= ${mark(1)} AND "startedAt" < ${mark(2)} AND outcome <> 'skipped'`;
    const params: unknown[] = [bind(from), bind(to)];
    if (pattern) {
      where += ` AND ("organisationPath" LIKE ${mark(3)} OR "localityPath" LIKE ${mark(4)})`;
      params.push(pattern, pattern);
    }
    return { where, params };
  }

  /** Names for the rows' keys: campaign names, creative titles, screen names, district names. */
  private async name(by: ReportGrouping, rows: PlaysReportRowDto[]): Promise<void> {
    if (by === 'day') {
      for (const row of rows) row.name = row.key;
      return;
    }
    const ids = rows.map((r) => r.key).filter((k) => k !== '');
    const names = new Map<string, string>();
    const entity =
      by === 'campaign' ? Campaign : by === 'creative' ? Creative : by === 'screen' ? Screen : Organisation;
    const column = by === 'creative' ? 'title' : 'name';
    for (const chunk of inChunks(ids)) {
      const found = await this.dataSource
        .getRepository<{ id: string; name?: string; title?: string }>(entity)
        .find({ select: { id: true, [column]: true }, where: { id: In(chunk) } });
      for (const f of found) names.set(f.id, (f[column] ?? '').toString());
    }
    for (const row of rows) row.name = names.get(row.key) ?? '';
  }

  private async organisationNames(ids: readonly string[]): Promise<Map<string, string>> {
    const names = new Map<string, string>();
    for (const chunk of inChunks(ids.filter(Boolean))) {
      const found = await this.dataSource
        .getRepository(Organisation)
        .find({ select: { id: true, name: true }, where: { id: In(chunk) } });
      for (const f of found) names.set(f.id, f.name);
    }
    return names;
  }
}

function windowOf(query: ScheduleWindowQueryDto): { from: Date; to: Date } {
  const from = Date.parse(query.from);
  const to = Date.parse(query.to);
  if (!(to > from) || to - from > MAX_REPORT_DAYS * 86_400_000) {
    throw new Invalid('schedule.window', { days: MAX_REPORT_DAYS });
  }
  return { from: new Date(from), to: new Date(to) };
}

/** The district a locality path falls in: its second id (province › district › ward), or the province itself. */
function districtOf(localityPath: string): string {
  const ids = idsOnPath(localityPath);
  return ids[1] ?? ids[0] ?? '';
}

function foldIntoDistricts(rows: readonly PlaysReportRowDto[]): PlaysReportRowDto[] {
  const folded = new Map<string, PlaysReportRowDto>();
  for (const row of rows) {
    const key = districtOf(row.key);
    const into = folded.get(key);
    // screens of two wards are different screens: their counts add up
    if (into)
      folded.set(key, {
        ...into,
        plays: into.plays + row.plays,
        seconds: into.seconds + row.seconds,
        screens: into.screens + row.screens,
      });
    else folded.set(key, { ...row, key });
  }
  return [...folded.values()];
}
