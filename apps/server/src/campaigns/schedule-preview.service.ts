import { Inject, Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { expandPlan, type Play, type SchedulePlan, shortfallSeconds } from '@loa/protocol';
import { idsOnPath } from '@loa/identity';
import { Invalid } from '../common/errors.js';
import { EventLoopTurns } from '../common/turns.js';
import type { AuthenticatedContext } from '../common/request-context.js';
import { Creative } from '../creatives/creative.entity.js';
import { Organisation } from '../organisations/organisation.entity.js';
import { Clock } from '../clock/clock.js';
import { type PlanWindow, planWindowCovering, ScheduleInputs } from '../playback/schedule-world.js';
import { ScreenPlanRows } from '../screens/screen-rows.js';
import { ScreensService } from '../screens/screens.service.js';
import { Campaign } from './campaign.entity.js';
import { CampaignsService } from './campaigns.service.js';
import { DonationsService } from './donations.service.js';
import type {
  CampaignReachDto,
  DonationForecastDto,
  ReachRowDto,
  ScreenScheduleDto,
  ScheduleWindowQueryDto,
} from './dto/schedule.dto.js';

const MAX_SCREEN_DAYS = 7;
const MAX_REACH_DAYS = 31;
const MAX_PLAYS = 5000;
/**
 * Plans' fill patterns filled for the answer only: the plans are kept for the next change, and the
 * plays of every plan a preview reads, kept with them, would hold what the server never fills itself.
 */
const ONCE = { keepFillings: false } as const;
const DAY = 86_400_000;

/** Previews for the console: what a screen will play, and where and how often a campaign will. */
@Injectable()
export class SchedulePreviewService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(Clock) private readonly clock: Clock,
    private readonly inputs: ScheduleInputs,
    private readonly screens: ScreensService,
    private readonly campaigns: CampaignsService,
    private readonly donations: DonationsService,
    private readonly screenRows: ScreenPlanRows,
  ) {}

  async screenSchedule(
    ctx: AuthenticatedContext,
    screenId: string,
    query: ScheduleWindowQueryDto,
  ): Promise<ScreenScheduleDto> {
    await this.screens.find(ctx, screenId);
    const window = windowOf(query, MAX_SCREEN_DAYS);
    const world = await this.inputs.load(planWindowCovering(window, this.clock.now()));
    const [screen] = await this.screenRows.read([screenId]);
    const plan = world.planFor(screen);
    const plays = expandPlan(plan, window.from, window.to, ONCE);
    const shown = plays.slice(0, MAX_PLAYS);
    const [titles, names] = await Promise.all([
      this.titles(shown.map((p) => p.cue.creativeId)),
      this.campaignNames(shown.map((p) => p.cue.campaignId)),
    ]);
    return {
      screenId,
      loopSeconds: plan.loopSeconds,
      slotSeconds: plan.slotSeconds,
      truncated: plays.length > MAX_PLAYS,
      plays: shown.map((p) => ({
        start: new Date(p.start).toISOString(),
        end: new Date(p.end).toISOString(),
        creativeId: p.cue.creativeId,
        title: p.cue.creativeId ? (titles.get(p.cue.creativeId) ?? null) : null,
        reason: p.cue.reason,
        campaignId: p.cue.campaignId,
        campaignName: p.cue.campaignId ? (names.get(p.cue.campaignId) ?? null) : null,
        donationId: p.cue.donationId,
        emergencyId: p.cue.emergencyId,
        message: p.cue.message?.text ?? null,
        cut: p.cut,
      })),
    };
  }

  /** Counts of a campaign's plays over the window, by the locality screens stand in and by kind of screen. */
  async campaignReach(
    ctx: AuthenticatedContext,
    campaignId: string,
    query: ScheduleWindowQueryDto,
  ): Promise<CampaignReachDto> {
    await this.campaigns.find(ctx, campaignId);
    const window = windowOf(query, MAX_REACH_DAYS);
    const world = await this.inputs.load(planWindowCovering(window, this.clock.now()));
    const wanted = new Set([campaignId]);
    const counted = new Map<SchedulePlan, { plays: number; donated: number; seconds: number }>();
    const total = row('total', '');
    const byLocality = new Map<string, ReachRowDto>();
    const byKind = new Map<string, ReachRowDto>();
    const turns = new EventLoopTurns();
    for (const screen of await this.screenRows.read()) {
      if (!world.touches(screen, wanted)) continue;
      await turns.turn();
      const plan = world.planFor(screen);
      let counts = counted.get(plan);
      if (!counts) {
        counts = countPlays(expandPlan(plan, window.from, window.to, ONCE), campaignId);
        counted.set(plan, counts);
      }
      if (counts.plays + counts.donated === 0) continue;
      const locality = idsOnPath(screen.localityPath).at(-1) ?? '';
      for (const r of [
        total,
        upsert(byLocality, locality, () => row(locality, '')),
        upsert(byKind, screen.kind, () => row(screen.kind, screen.kind)),
      ]) {
        r.screens += 1;
        r.plays += counts.plays;
        r.donatedPlays += counts.donated;
        r.airtimeSeconds += counts.seconds;
      }
    }
    const localities = byLocality.size
      ? await this.dataSource.getRepository(Organisation).find({ where: { id: In([...byLocality.keys()]) } })
      : [];
    localities.forEach((o) => (byLocality.get(o.id)!.name = o.name));
    const sorted = (rows: Iterable<ReachRowDto>) =>
      [...rows].sort((a, b) => b.plays + b.donatedPlays - (a.plays + a.donatedPlays) || a.name.localeCompare(b.name));
    return {
      campaignId,
      from: new Date(window.from).toISOString(),
      to: new Date(window.to).toISOString(),
      total,
      byLocality: sorted(byLocality.values()),
      byKind: sorted(byKind.values()),
    };
  }

  /** What a donation will deliver over the window, as planned: plays and airtime by campaign, and the shortfall. */
  async donationForecast(
    ctx: AuthenticatedContext,
    donationId: string,
    query: ScheduleWindowQueryDto,
  ): Promise<DonationForecastDto> {
    await this.donations.find(ctx, donationId);
    const window = windowOf(query, MAX_REACH_DAYS);
    const world = await this.inputs.load(planWindowCovering(window, this.clock.now()));
    const counted = new Map<
      SchedulePlan,
      { byCampaign: Map<string, { plays: number; seconds: number }>; short: number }
    >();
    const total = { screens: 0, plays: 0, seconds: 0, short: 0 };
    const byCampaign = new Map<string, { plays: number; seconds: number }>();
    const turns = new EventLoopTurns();
    for (const screen of await this.screenRows.read()) {
      const scheduleScreen = world.screenOf(screen);
      if (!world.applicable(scheduleScreen).donations.some((d) => d.id === donationId)) continue;
      await turns.turn();
      const plan = world.planFor(screen);
      let counts = counted.get(plan);
      if (!counts) {
        counts = { byCampaign: new Map(), short: 0 };
        for (const play of expandPlan(plan, window.from, window.to, ONCE)) {
          if (play.cue.donationId !== donationId || play.cue.campaignId === null) continue;
          const row = upsert(counts.byCampaign, play.cue.campaignId, () => ({ plays: 0, seconds: 0 }));
          row.plays += 1;
          row.seconds += (play.end - play.start) / 1000;
        }
        counts.short = shortfallSeconds(plan, window.from, window.to).get(donationId) ?? 0;
        counted.set(plan, counts);
      }
      total.screens += 1;
      total.short += counts.short;
      for (const [campaignId, row] of counts.byCampaign) {
        const sum = upsert(byCampaign, campaignId, () => ({ plays: 0, seconds: 0 }));
        sum.plays += row.plays;
        sum.seconds += row.seconds;
        total.plays += row.plays;
        total.seconds += row.seconds;
      }
    }
    const names = await this.campaignNames([...byCampaign.keys()]);
    return {
      donationId,
      from: new Date(window.from).toISOString(),
      to: new Date(window.to).toISOString(),
      screens: total.screens,
      plays: total.plays,
      airtimeSeconds: total.seconds,
      shortfallSeconds: Math.round(total.short),
      byCampaign: [...byCampaign]
        .map(([campaignId, row]) => ({
          campaignId,
          name: names.get(campaignId) ?? '',
          plays: row.plays,
          airtimeSeconds: row.seconds,
        }))
        .sort((a, b) => b.plays - a.plays || a.name.localeCompare(b.name)),
    };
  }

  private async titles(ids: readonly (string | null)[]): Promise<Map<string, string>> {
    const wanted = [...new Set(ids.filter((id): id is string => id !== null))];
    if (wanted.length === 0) return new Map();
    const rows = await this.dataSource
      .getRepository(Creative)
      .find({ where: { id: In(wanted) }, select: { id: true, title: true } });
    return new Map(rows.map((r) => [r.id, r.title]));
  }

  private async campaignNames(ids: readonly (string | null)[]): Promise<Map<string, string>> {
    const wanted = [...new Set(ids.filter((id): id is string => id !== null))];
    if (wanted.length === 0) return new Map();
    const rows = await this.dataSource
      .getRepository(Campaign)
      .find({ where: { id: In(wanted) }, select: { id: true, name: true } });
    return new Map(rows.map((r) => [r.id, r.name]));
  }
}

function windowOf(query: ScheduleWindowQueryDto, maxDays: number): PlanWindow {
  const from = Date.parse(query.from);
  const to = Date.parse(query.to);
  if (!(to > from) || to - from > maxDays * DAY) throw new Invalid('schedule.window', { days: maxDays });
  return { from, to };
}

function countPlays(plays: readonly Play[], campaignId: string) {
  const counts = { plays: 0, donated: 0, seconds: 0 };
  for (const play of plays) {
    if (play.cue.campaignId !== campaignId) continue;
    if (play.cue.reason === 'donation') counts.donated += 1;
    else counts.plays += 1;
    counts.seconds += (play.end - play.start) / 1000;
  }
  return counts;
}

function row(key: string, name: string): ReachRowDto {
  return { key, name, screens: 0, plays: 0, donatedPlays: 0, airtimeSeconds: 0 };
}

function upsert<K, V>(map: Map<K, V>, key: K, make: () => V): V {
  let value = map.get(key);
  if (value === undefined) map.set(key, (value = make()));
  return value;
}
