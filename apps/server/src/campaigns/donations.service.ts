import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import { scopeContains, scopeLikePattern } from '@loa/identity';
import type { DonationAmount } from '@loa/scheduler';
import { AuditService } from '../audit/audit.service.js';
import { Clock } from '../clock/clock.js';
import { Conflict, Invalid, NotFound } from '../common/errors.js';
import type { AuthenticatedContext } from '../common/request-context.js';
import { PlaylistTriggers } from '../playback/playlist-triggers.js';
import { PlayReportsService } from '../plays/play-reports.service.js';
import { Campaign } from './campaign.entity.js';
import { Donation } from './donation.entity.js';
import type { CreateDonationDto, DonationDto } from './dto/donation.dto.js';
import type { DonationReportDto, ScheduleWindowQueryDto } from './dto/schedule.dto.js';
import { storedTargeting } from './dto/targeting.dto.js';
import { SchedulingChecks } from './scheduling-checks.js';

/** Donated airtime: owners of screens give seconds per loop or slots per hour to a campaign or to the pool. */
const MAX_REPORT_DAYS = 92;

@Injectable()
export class DonationsService {
  constructor(
    @InjectRepository(Donation) private readonly donations: Repository<Donation>,
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(Clock) private readonly clock: Clock,
    private readonly checks: SchedulingChecks,
    private readonly audit: AuditService,
    private readonly triggers: PlaylistTriggers,
    private readonly reports: PlayReportsService,
  ) {}

  /** Donations the caller's scope gave, or received for its campaigns. */
  async list(ctx: AuthenticatedContext): Promise<DonationDto[]> {
    const pattern = scopeLikePattern(ctx.principal.scope);
    const q = this.donations.createQueryBuilder('d');
    if (pattern !== null) {
      q.where(
        '(d.organisationPath LIKE :pattern OR d.campaignId IN (SELECT c.id FROM campaigns c WHERE c."organisationPath" LIKE :pattern))',
        { pattern },
      );
    }
    return (await q.orderBy('d.startsAt', 'DESC').addOrderBy('d.id', 'ASC').getMany()).map(toDto);
  }

  async get(ctx: AuthenticatedContext, id: string): Promise<DonationDto> {
    return toDto(await this.find(ctx, id));
  }

  async create(ctx: AuthenticatedContext, dto: CreateDonationDto): Promise<DonationDto> {
    const donor = await this.checks.actingOrganisation(ctx, dto.organisationId, 'donation.invalid').catch((error) => {
      if (error instanceof Invalid) throw new Invalid('donation.no_organisation');
      throw error;
    });
    if (Boolean(dto.secondsPerLoop) === Boolean(dto.slotsPerHour)) {
      throw new Invalid('donation.invalid', { problem: 'give exactly one of secondsPerLoop and slotsPerHour' });
    }
    const amount: DonationAmount = dto.secondsPerLoop
      ? { kind: 'secondsPerLoop', seconds: dto.secondsPerLoop }
      : { kind: 'slotsPerHour', slots: dto.slotsPerHour! };
    const campaign = dto.campaignId
      ? await this.dataSource.getRepository(Campaign).findOne({ where: { id: dto.campaignId } })
      : null;
    // a donor may carry its own campaigns, or anyone's public-service campaign
    if (
      dto.campaignId &&
      (!campaign || (!campaign.acceptsDonations && !scopeContains(ctx.principal.scope, campaign.organisationPath)))
    ) {
      throw new NotFound('campaign', dto.campaignId);
    }
    const startsAt = new Date(dto.startsAt);
    const endsAt = dto.endsAt ? new Date(dto.endsAt) : null;
    this.checks.window('donation.invalid', startsAt, endsAt);
    const now = this.clock.now();
    if (endsAt !== null && endsAt <= now) {
      throw new Invalid('donation.invalid', { problem: 'it has already ended' });
    }
    if (campaign) this.checkCarries(campaign, startsAt < now ? now : startsAt, endsAt);
    this.checks.dayparts('donation.invalid', dto.dayparts);
    const targeting = storedTargeting(dto.targeting);
    await this.checks.targeting(ctx, targeting, donor.path);
    const saved = await this.dataSource.transaction(async (manager) => {
      const donation = await manager.getRepository(Donation).save(
        manager.getRepository(Donation).create({
          organisationId: donor.id,
          organisationPath: donor.path,
          campaignId: dto.campaignId ?? null,
          amount,
          targeting,
          startsAt,
          endsAt,
          dayparts: dto.dayparts ?? [],
          maxPlaysPerDay: dto.maxPlaysPerDay ?? null,
          withdrawnAt: null,
          note: dto.note ?? null,
          createdById: ctx.principal.id,
        }),
      );
      await this.audit.record(
        ctx,
        {
          action: 'donation.created',
          objectType: 'donation',
          objectId: donation.id,
          organisationPath: donor.path,
          details: { campaignId: donation.campaignId, amount },
        },
        manager,
      );
      return donation;
    });
    await this.triggers.scheduleChanged([saved.id], []);
    return toDto(saved);
  }

  /**
   * A donation to one campaign is airtime only that campaign fills: refused when the campaign
   * cannot play in it (paused, or its flight outside the donation's dates from now on), as every
   * second of it would go back unfilled. A campaign paused later leaves its donations' airtime
   * unfilled, recorded as shortfall.
   */
  private checkCarries(campaign: Campaign, from: Date, endsAt: Date | null): void {
    if (campaign.status === 'paused') throw new Conflict('donation.campaign_paused', { name: campaign.name });
    if (campaign.flightEnd <= from || (endsAt !== null && campaign.flightStart >= endsAt)) {
      throw new Invalid('donation.outside_flight', {
        name: campaign.name,
        start: minuteUtc(campaign.flightStart),
        end: minuteUtc(campaign.flightEnd),
      });
    }
  }

  /** The donation stops with the loop running now; what was played stays in the reports. */
  async withdraw(ctx: AuthenticatedContext, id: string): Promise<DonationDto> {
    const donation = await this.find(ctx, id);
    if (!scopeContains(ctx.principal.scope, donation.organisationPath)) throw new NotFound('donation', id);
    if (donation.withdrawnAt !== null) throw new Conflict('donation.withdrawn');
    const now = this.clock.now();
    if (donation.endsAt !== null && donation.endsAt <= now) throw new Conflict('donation.ended');
    const before = await this.triggers.reachOf([id]);
    donation.withdrawnAt = now;
    await this.dataSource.transaction(async (manager) => {
      await manager.getRepository(Donation).update({ id }, { withdrawnAt: donation.withdrawnAt });
      await this.audit.record(
        ctx,
        {
          action: 'donation.withdrawn',
          objectType: 'donation',
          objectId: id,
          organisationPath: donation.organisationPath,
          details: {},
        },
        manager,
      );
    });
    await this.triggers.scheduleChanged([id], before);
    return toDto(donation);
  }

  /** The donation, if the caller gave it or received it. */
  /** What the donation delivered, day by day, as the players proved it (at most 92 days). */
  async report(ctx: AuthenticatedContext, id: string, query: ScheduleWindowQueryDto): Promise<DonationReportDto> {
    await this.find(ctx, id);
    const from = Date.parse(query.from);
    const to = Date.parse(query.to);
    if (!(to > from) || to - from > MAX_REPORT_DAYS * 86_400_000) {
      throw new Invalid('schedule.window', { days: MAX_REPORT_DAYS });
    }
    const days = await this.reports.donationByDay(id, new Date(from), new Date(to));
    const seconds = days.reduce((sum, d) => sum + d.seconds, 0);
    return {
      donationId: id,
      from: new Date(from).toISOString(),
      to: new Date(to).toISOString(),
      days,
      plays: days.reduce((sum, d) => sum + d.plays, 0),
      airtimeHours: Math.round((seconds / 3600) * 100) / 100,
    };
  }

  async find(ctx: AuthenticatedContext, id: string): Promise<Donation> {
    const donation = await this.donations.findOne({ where: { id } });
    if (!donation) throw new NotFound('donation', id);
    if (scopeContains(ctx.principal.scope, donation.organisationPath)) return donation;
    const campaign = donation.campaignId
      ? await this.dataSource.getRepository(Campaign).findOne({ where: { id: donation.campaignId } })
      : null;
    if (campaign && scopeContains(ctx.principal.scope, campaign.organisationPath)) return donation;
    throw new NotFound('donation', id);
  }
}

function toDto(d: Donation): DonationDto {
  return {
    id: d.id,
    organisationId: d.organisationId,
    campaignId: d.campaignId,
    amount: d.amount,
    targeting: d.targeting,
    startsAt: d.startsAt,
    endsAt: d.endsAt,
    dayparts: d.dayparts,
    maxPlaysPerDay: d.maxPlaysPerDay,
    withdrawnAt: d.withdrawnAt,
    note: d.note,
    createdAt: d.createdAt,
  };
}

/** An instant as people read it in a message: to the minute, in UTC (the screens' zones differ). */
function minuteUtc(at: Date): string {
  return `${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
