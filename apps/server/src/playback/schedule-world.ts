import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import type { SchedulePlan } from '@loa/protocol';
import {
  type Applicable,
  type FillerEntry,
  KeptPlans,
  type LoopPolicy,
  type NetworkInputs,
  NetworkPlanner,
  PlanCache,
  type ScheduleCampaign,
  type ScheduleCreative,
  type ScheduleDonation,
  type ScheduleEmergency,
  type ScheduleScreen,
  type Targeting,
} from '@loa/scheduler';
import { idsOnPath } from '@loa/identity';
import { matchesRule } from '@loa/screens';
import { Campaign, CampaignCreativeEntity, type StoredTargeting } from '../campaigns/campaign.entity.js';
import { Donation } from '../campaigns/donation.entity.js';
import { Emergency } from '../campaigns/emergency.entity.js';
import { LoopPolicyEntity } from '../campaigns/loop-policy.entity.js';
import { Creative } from '../creatives/creative.entity.js';
import { inChunks } from '../database/chunks.js';
import { Organisation } from '../organisations/organisation.entity.js';
import { type ResolvedGroup, ScreenGroupsService } from '../screens/screen-groups.service.js';
import type { ScreenForPlan } from '../screens/screen-rows.js';
import { factsOf } from '../screens/screen-scope.js';
import { PlaylistEntry } from './playlist-entry.entity.js';

/** Loop policy when neither the screen's profile nor its kind has one. */
export const FALLBACK_LOOP_POLICY: LoopPolicy = { loopSeconds: 120, slotSeconds: 10 };
const DAY = 86_400_000;
/** Plans reach 14 days past the start of today (UTC), so there are always 14 days ahead. */
const PLAN_WINDOW_DAYS = 15;
/** Plans kept between recomputes before the cache starts afresh. */
const KEPT_PLANS = 5000;

export interface PlanWindow {
  readonly from: number;
  readonly to: number;
}

/** Today's planning window. Starting at the day's start, a plan changes by time only once a day. */
export function planWindowAt(now: Date): PlanWindow {
  const from = Math.floor(now.getTime() / DAY) * DAY;
  return { from, to: from + PLAN_WINDOW_DAYS * DAY };
}

/**
 * The window to plan so that a span is planned as screens play it: today's window when it holds
 * the span (the very plans screens hold), else the whole UTC days around it. Planning just the
 * span would lose the loops its edges cut (plans keep whole loops only).
 */
export function planWindowCovering(span: PlanWindow, now: Date): PlanWindow {
  const live = planWindowAt(now);
  if (span.from >= live.from && span.to <= live.to) return live;
  return { from: Math.floor(span.from / DAY) * DAY, to: Math.ceil(span.to / DAY) * DAY };
}

/**
 * Everything the scheduler needs, read once per recompute: campaigns, donations, emergencies,
 * default content, creatives, groups and loop policies. Screens that the same things apply to
 * (same hours, zone and policy) share one plan, so ten thousand alike screens cost one plan.
 */
export class ScheduleWorld {
  private readonly planner: NetworkPlanner;
  /** Plans by everything planning reads of a screen: ten thousand screens are a few hundred kinds of screen. */
  private readonly plansAlike = new Map<string, SchedulePlan>();
  private touched: { ids: ReadonlySet<string>; bySignature: Map<string, boolean> } | null = null;

  constructor(
    readonly window: PlanWindow,
    inputs: Omit<NetworkInputs, 'from' | 'to'>,
    private readonly groups: readonly ResolvedGroup[],
    private readonly policies: ReadonlyMap<string, LoopPolicy>,
    private readonly companies: ReadonlySet<string>,
    kept?: KeptPlans,
  ) {
    this.planner = new NetworkPlanner({ ...inputs, from: window.from, to: window.to }, kept);
  }

  screenOf(screen: ScreenForPlan): ScheduleScreen {
    const facts = factsOf(screen);
    return {
      id: screen.id,
      kind: screen.kind,
      tags: screen.tags,
      localityPath: screen.localityPath,
      organisationPath: screen.organisationPath,
      networkPath: this.networkOf(screen.organisationPath),
      venue: screen.venue,
      groupIds: this.groups.filter((g) => matchesRule(facts, g.rule)).map((g) => g.id),
      timezone: screen.timezone,
      operatingHours: screen.operatingHours,
    };
  }

  /** The topmost company on an owner's path: whose screen network it is. */
  private networkOf(organisationPath: string): string | null {
    const ids = idsOnPath(organisationPath);
    const index = ids.findIndex((id) => this.companies.has(id));
    return index < 0 ? null : `/${ids.slice(0, index + 1).join('/')}/`;
  }

  policyOf(screen: Pick<ScreenForPlan, 'profileKey' | 'kind'>): LoopPolicy {
    return (
      this.policies.get(`profile:${screen.profileKey}`) ??
      this.policies.get(`kind:${screen.kind}`) ??
      FALLBACK_LOOP_POLICY
    );
  }

  /** What applies to a screen: campaigns (own airtime or carried by donations), donations, emergencies, filler. */
  applicable(screen: ScheduleScreen): Applicable {
    return this.planner.applicable(screen);
  }

  /**
   * Whether anything of a campaign, donation or emergency can reach the screen. A change asks it
   * of every screen: answered once per signature (what targeting reads, groups included, is in
   * it), for the last set of ids asked about.
   */
  touches(screen: ScreenForPlan, ids: ReadonlySet<string>): boolean {
    if (this.touched?.ids !== ids) this.touched = { ids, bySignature: new Map() };
    let found = this.touched.bySignature.get(screen.signature);
    if (found === undefined) {
      found = this.planner.touches(this.screenOf(screen), ids);
      this.touched.bySignature.set(screen.signature, found);
    }
    return found;
  }

  /** The screen's plan for the window; screens alike share one. */
  planFor(screen: ScreenForPlan): SchedulePlan {
    const key = this.alikeKey(screen);
    let plan = this.plansAlike.get(key);
    if (!plan) {
      plan = this.planner.planFor(this.screenOf(screen), this.policyOf(screen));
      this.plansAlike.set(key, plan);
    }
    return plan;
  }

  /**
   * Screens with the same key get the same plan: their groups, policy, targeting and hours are
   * the same (the signature holds all those and more), and so is their default content, unless
   * a screen has some of its own.
   */
  private alikeKey(screen: ScreenForPlan): string {
    return this.planner.hasOwnFillers(screen.id) ? `${screen.signature}\u0001${screen.id}` : screen.signature;
  }
}

/** Reads the scheduler's inputs from the database. */
@Injectable()
export class ScheduleInputs {
  private kept: { signature: string; plans: KeptPlans } | null = null;

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly groups: ScreenGroupsService,
  ) {}

  async load(window: PlanWindow): Promise<ScheduleWorld> {
    const from = new Date(window.from);
    const to = new Date(window.to);
    const [campaignRows, donationRows, emergencyRows, entries, groups, policyRows, companies] = await Promise.all([
      this.dataSource
        .getRepository(Campaign)
        .createQueryBuilder('c')
        .where('c.status = :active', { active: 'active' })
        .andWhere('c.flightEnd > :from AND c.flightStart < :to', { from, to })
        .getMany(),
      this.dataSource
        .getRepository(Donation)
        .createQueryBuilder('d')
        .where('(d.endsAt IS NULL OR d.endsAt > :from) AND d.startsAt < :to', { from, to })
        .andWhere('(d.withdrawnAt IS NULL OR d.withdrawnAt > :from)', { from })
        .getMany(),
      this.dataSource
        .getRepository(Emergency)
        .createQueryBuilder('e')
        .where('(e.endsAt IS NULL OR e.endsAt > :from) AND e.startsAt < :to', { from, to })
        .andWhere('(e.cancelledAt IS NULL OR e.cancelledAt > :from)', { from })
        .getMany(),
      this.dataSource.getRepository(PlaylistEntry).find(),
      this.groups.allResolved(),
      this.dataSource.getRepository(LoopPolicyEntity).find(),
      this.dataSource.getRepository(Organisation).find({ where: { kind: 'company' }, select: { id: true } }),
    ]);
    const campaignCreatives = campaignRows.length
      ? await this.dataSource.getRepository(CampaignCreativeEntity).find({
          where: { campaignId: In(campaignRows.map((c) => c.id)) },
          order: { position: 'ASC', id: 'ASC' },
        })
      : [];
    const localityIds = new Set<string>();
    [...campaignRows, ...donationRows].forEach((row) => row.targeting.localityIds.forEach((id) => localityIds.add(id)));
    emergencyRows.forEach((e) => e.localityIds.forEach((id) => localityIds.add(id)));
    const paths = await this.pathsOf([...localityIds]);
    const targetingOf = (stored: StoredTargeting): Targeting => ({
      groupIds: stored.groupIds,
      tags: stored.tags,
      // a locality deleted since targets nothing, rather than everything
      localityPaths: stored.localityIds.map((id) => paths.get(id) ?? '/deleted/'),
      kinds: stored.kinds,
      venues: stored.venues,
    });

    const creativeIds = new Set<string>([
      ...campaignCreatives.map((c) => c.creativeId),
      ...entries.map((e) => e.creativeId),
      ...emergencyRows.flatMap((e) => (e.creativeId ? [e.creativeId] : [])),
    ]);
    const creatives = await this.playable([...creativeIds]);

    const byCampaign = new Map<string, CampaignCreativeEntity[]>();
    campaignCreatives.forEach((cc) => byCampaign.set(cc.campaignId, [...(byCampaign.get(cc.campaignId) ?? []), cc]));
    const campaigns: ScheduleCampaign[] = campaignRows.map((c) => ({
      id: c.id,
      ownerPath: c.organisationPath,
      priority: c.priority,
      flightStart: c.flightStart.getTime(),
      flightEnd: c.flightEnd.getTime(),
      dayparts: c.dayparts,
      targeting: targetingOf(c.targeting),
      creatives: (byCampaign.get(c.id) ?? []).map((cc) => ({
        creativeId: cc.creativeId,
        weight: cc.weight,
        durationSeconds: cc.durationSeconds,
      })),
      frequency: c.frequency,
      minGapSeconds: c.minGapSeconds,
      acceptsDonations: c.acceptsDonations,
    }));
    const donations: ScheduleDonation[] = donationRows.map((d) => ({
      id: d.id,
      donorPath: d.organisationPath,
      campaignId: d.campaignId,
      amount: d.amount,
      targeting: targetingOf(d.targeting),
      start: d.startsAt.getTime(),
      end: d.endsAt?.getTime() ?? null,
      dayparts: d.dayparts,
      withdrawnAt: d.withdrawnAt?.getTime() ?? null,
      maxPlaysPerDay: d.maxPlaysPerDay,
    }));
    const emergencies: ScheduleEmergency[] = emergencyRows.map((e) => ({
      id: e.id,
      scopePath: e.organisationPath,
      localityPaths: e.localityIds.map((id) => paths.get(id) ?? '/deleted/'),
      groupIds: e.groupIds,
      creativeId: e.creativeId,
      message: e.message,
      durationSeconds: e.durationSeconds,
      start: e.startsAt.getTime(),
      end: e.endsAt?.getTime() ?? null,
      cancelledAt: e.cancelledAt?.getTime() ?? null,
    }));
    const fillers: FillerEntry[] = entries.map((e) => ({
      id: e.id,
      creativeId: e.creativeId,
      durationSeconds: e.durationSeconds,
      position: e.position,
      target: e.screenId
        ? { kind: 'screen', screenId: e.screenId }
        : e.groupId
          ? { kind: 'group', groupId: e.groupId }
          : { kind: 'organisation', organisationPath: e.organisationPath },
    }));
    const policies = new Map(
      policyRows.map((p) => [p.key, { loopSeconds: p.loopSeconds, slotSeconds: p.slotSeconds }]),
    );
    const companyIds = new Set(companies.map((c) => c.id));
    const emergencyOnly = new Set(
      emergencyRows
        .flatMap((e) => (e.creativeId ? [e.creativeId] : []))
        .filter(
          (id) => !campaignCreatives.some((cc) => cc.creativeId === id) && !entries.some((e) => e.creativeId === id),
        ),
    );
    // everything but emergencies: while it is unchanged, the plans made from it stay good
    const signature = createHash('sha256')
      .update(
        JSON.stringify([
          campaigns,
          donations,
          fillers,
          [...creatives.values()].filter((c) => !emergencyOnly.has(c.id)),
          [...policies],
          groups,
          [...companyIds],
        ]),
      )
      .digest('hex');
    if (this.kept?.signature !== signature || this.kept.plans.bases.size > KEPT_PLANS) {
      // plans leave their periods to be filled where the plays are needed: each player fills its
      // own, and previews and reports fill the plans they read (the server never fills them all)
      this.kept = {
        signature,
        plans: this.kept?.plans.next() ?? new KeptPlans(new PlanCache({ deferFillings: true })),
      };
    }
    return new ScheduleWorld(
      window,
      { campaigns, donations, emergencies, fillers, creatives },
      groups,
      policies,
      companyIds,
      this.kept.plans,
    );
  }

  private async pathsOf(ids: readonly string[]): Promise<Map<string, string>> {
    const paths = new Map<string, string>();
    for (const chunk of inChunks(ids)) {
      const rows = await this.dataSource.getRepository(Organisation).find({ where: { id: In(chunk) } });
      rows.forEach((o) => paths.set(o.id, o.path));
    }
    return paths;
  }

  /** Approved, processed creatives; when they may play is the scheduler's to apply. */
  private async playable(ids: readonly string[]): Promise<Map<string, ScheduleCreative>> {
    const found = new Map<string, ScheduleCreative>();
    for (const chunk of inChunks(ids)) {
      const rows = await this.dataSource
        .getRepository(Creative)
        .createQueryBuilder('creative')
        .where('creative.id IN (:...chunk)', { chunk })
        .andWhere('creative.status = :ready AND creative.review = :approved', { ready: 'ready', approved: 'approved' })
        .getMany();
      for (const row of rows) {
        found.set(row.id, {
          id: row.id,
          kind: row.kind,
          durationSeconds: row.durationSeconds,
          validFrom: row.notBefore?.getTime() ?? null,
          validUntil: row.notAfter?.getTime() ?? null,
        });
      }
    }
    return found;
  }
}
