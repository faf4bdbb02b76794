import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Brackets, DataSource, type EntityManager, In, Repository } from 'typeorm';
import { scopeLikePattern } from '@loa/identity';
import type { OperatingWindow } from '@loa/protocol';
import type { Frequency } from '@loa/scheduler';
import { AuditService } from '../audit/audit.service.js';
import { Conflict, Invalid, NotFound } from '../common/errors.js';
import type { AuthenticatedContext } from '../common/request-context.js';
import { Creative } from '../creatives/creative.entity.js';
import { CreativeUsages } from '../creatives/creative-usages.js';
import { PlaylistTriggers } from '../playback/playlist-triggers.js';
import { Campaign, CampaignCreativeEntity } from './campaign.entity.js';
import { Donation } from './donation.entity.js';
import type { CampaignDto, CampaignQueryDto, CreateCampaignDto, UpdateCampaignDto } from './dto/campaign.dto.js';
import { storedTargeting } from './dto/targeting.dto.js';
import { SchedulingChecks } from './scheduling-checks.js';

/** Campaigns: what communications staff schedule, within their scope, from approved creatives. */
@Injectable()
export class CampaignsService implements OnModuleInit {
  constructor(
    @InjectRepository(Campaign) private readonly campaigns: Repository<Campaign>,
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly checks: SchedulingChecks,
    private readonly usages: CreativeUsages,
    private readonly audit: AuditService,
    private readonly triggers: PlaylistTriggers,
  ) {}

  onModuleInit(): void {
    // a creative a campaign uses cannot be deleted; the refusal names the campaigns
    this.usages.register(async (creativeId) => {
      const rows = await this.dataSource
        .getRepository(CampaignCreativeEntity)
        .find({ where: { creativeId }, select: { campaignId: true } });
      if (rows.length === 0) return [];
      const campaigns = await this.campaigns.find({ where: { id: In([...new Set(rows.map((r) => r.campaignId))]) } });
      return campaigns.map((c) => ({ kind: 'campaign', id: c.id, name: c.name }));
    });
  }

  async list(ctx: AuthenticatedContext, query: CampaignQueryDto): Promise<CampaignDto[]> {
    const pattern = scopeLikePattern(ctx.principal.scope);
    const q = this.campaigns.createQueryBuilder('c');
    if (pattern !== null) {
      q.where(
        new Brackets((w) => {
          w.where('c.organisationPath LIKE :pattern', { pattern });
          // donors choose among the public-service campaigns of anyone
          if (query.acceptingDonations) w.orWhere('c.acceptsDonations = :yes', { yes: true });
        }),
      );
    }
    if (query.acceptingDonations) q.andWhere('c.acceptsDonations = :yes', { yes: true });
    const rows = await q.orderBy('c.flightStart', 'DESC').addOrderBy('c.name', 'ASC').getMany();
    return this.toDtos(rows);
  }

  async get(ctx: AuthenticatedContext, id: string): Promise<CampaignDto> {
    return (await this.toDtos([await this.find(ctx, id)]))[0];
  }

  async find(ctx: AuthenticatedContext, id: string, manager?: EntityManager): Promise<Campaign> {
    const repository = manager ? manager.getRepository(Campaign) : this.campaigns;
    const q = repository.createQueryBuilder('c').where('c.id = :id', { id });
    const pattern = scopeLikePattern(ctx.principal.scope);
    if (pattern !== null) q.andWhere('c.organisationPath LIKE :pattern', { pattern });
    const found = await q.getOne();
    if (!found) throw new NotFound('campaign', id);
    return found;
  }

  async create(ctx: AuthenticatedContext, dto: CreateCampaignDto): Promise<CampaignDto> {
    const owner = await this.checks.actingOrganisation(ctx, dto.organisationId, 'campaign.invalid');
    const targeting = storedTargeting(dto.targeting);
    await this.validate(ctx, dto, targeting, owner.path);
    const saved = await this.dataSource.transaction(async (manager) => {
      const campaign = await manager.getRepository(Campaign).save(
        manager.getRepository(Campaign).create({
          name: dto.name,
          organisationId: owner.id,
          organisationPath: owner.path,
          status: 'active',
          priority: dto.priority ?? 'campaign',
          flightStart: new Date(dto.flightStart),
          flightEnd: new Date(dto.flightEnd),
          dayparts: dto.dayparts ?? [],
          targeting,
          frequency: frequencyOf(dto.frequency),
          minGapSeconds: dto.minGapSeconds ?? null,
          acceptsDonations: dto.acceptsDonations ?? false,
          ticker: dto.ticker ?? null,
          qrUrl: dto.qrUrl ?? null,
          qrCaption: dto.qrCaption ?? null,
          createdById: ctx.principal.id,
        }),
      );
      await this.saveCreatives(manager, campaign.id, dto.creatives);
      await this.audit.record(
        ctx,
        {
          action: 'campaign.created',
          objectType: 'campaign',
          objectId: campaign.id,
          organisationPath: owner.path,
          details: { name: campaign.name },
        },
        manager,
      );
      return campaign;
    });
    await this.triggers.scheduleChanged([saved.id], []);
    return this.get(ctx, saved.id);
  }

  async update(ctx: AuthenticatedContext, id: string, dto: UpdateCampaignDto): Promise<CampaignDto> {
    const current = await this.find(ctx, id);
    const targeting = dto.targeting === undefined ? current.targeting : storedTargeting(dto.targeting);
    const merged = {
      flightStart: dto.flightStart ?? current.flightStart.toISOString(),
      flightEnd: dto.flightEnd ?? current.flightEnd.toISOString(),
      dayparts: dto.dayparts ?? current.dayparts,
      creatives: dto.creatives,
      frequency: dto.frequency === undefined ? current.frequency : dto.frequency,
    };
    await this.validate(
      ctx,
      merged,
      dto.targeting === undefined ? { groupIds: [], localityIds: [] } : targeting,
      current.organisationPath,
    );
    const before = await this.triggers.reachOf([id]);
    await this.dataSource.transaction(async (manager) => {
      const campaign = await this.find(ctx, id, manager);
      if (dto.name !== undefined) campaign.name = dto.name;
      if (dto.status !== undefined) campaign.status = dto.status;
      if (dto.priority !== undefined) campaign.priority = dto.priority;
      campaign.flightStart = new Date(merged.flightStart);
      campaign.flightEnd = new Date(merged.flightEnd);
      campaign.dayparts = merged.dayparts;
      campaign.targeting = targeting;
      campaign.frequency = frequencyOf(merged.frequency);
      if (dto.minGapSeconds !== undefined) campaign.minGapSeconds = dto.minGapSeconds;
      if (dto.acceptsDonations !== undefined) campaign.acceptsDonations = dto.acceptsDonations;
      if (dto.ticker !== undefined) campaign.ticker = dto.ticker;
      if (dto.qrUrl !== undefined) campaign.qrUrl = dto.qrUrl;
      if (dto.qrCaption !== undefined) campaign.qrCaption = dto.qrCaption;
      await manager.getRepository(Campaign).save(campaign);
      if (dto.creatives) {
        await manager.getRepository(CampaignCreativeEntity).delete({ campaignId: id });
        await this.saveCreatives(manager, id, dto.creatives);
      }
      await this.audit.record(
        ctx,
        {
          action: 'campaign.updated',
          objectType: 'campaign',
          objectId: id,
          organisationPath: campaign.organisationPath,
          details: { fields: Object.keys(dto) },
        },
        manager,
      );
    });
    await this.triggers.scheduleChanged([id], before);
    return this.get(ctx, id);
  }

  async remove(ctx: AuthenticatedContext, id: string): Promise<void> {
    const campaign = await this.find(ctx, id);
    if (await this.dataSource.getRepository(Donation).exists({ where: { campaignId: id } })) {
      throw new Conflict('campaign.has_donations');
    }
    const before = await this.triggers.reachOf([id]);
    await this.dataSource.transaction(async (manager) => {
      await manager.getRepository(Campaign).delete({ id });
      await this.audit.record(
        ctx,
        {
          action: 'campaign.deleted',
          objectType: 'campaign',
          objectId: id,
          organisationPath: campaign.organisationPath,
          details: { name: campaign.name },
        },
        manager,
      );
    });
    await this.triggers.scheduleChanged([], before);
  }

  private async validate(
    ctx: AuthenticatedContext,
    dto: {
      flightStart: string;
      flightEnd: string;
      dayparts?: readonly OperatingWindow[];
      creatives?: CreateCampaignDto['creatives'];
    },
    targeting: { groupIds: string[]; localityIds: string[] },
    ownerPath: string,
  ): Promise<void> {
    this.checks.window('campaign.invalid', new Date(dto.flightStart), new Date(dto.flightEnd));
    this.checks.dayparts('campaign.invalid', dto.dayparts ?? []);
    if (dto.creatives) {
      const ids = dto.creatives.map((c) => c.creativeId);
      if (new Set(ids).size !== ids.length) {
        throw new Invalid('campaign.invalid', { problem: 'a creative is listed twice' });
      }
      for (const id of ids) await this.checks.schedulableCreative(ctx, id);
    }
    await this.checks.targeting(ctx, targeting, ownerPath);
  }

  private async saveCreatives(
    manager: EntityManager,
    campaignId: string,
    creatives: CreateCampaignDto['creatives'],
  ): Promise<void> {
    const repository = manager.getRepository(CampaignCreativeEntity);
    await repository.save(
      creatives.map((c, position) =>
        repository.create({
          campaignId,
          creativeId: c.creativeId,
          position,
          weight: c.weight ?? 1,
          durationSeconds: c.durationSeconds ?? null,
        }),
      ),
    );
  }

  private async toDtos(rows: readonly Campaign[]): Promise<CampaignDto[]> {
    if (rows.length === 0) return [];
    const links = await this.dataSource.getRepository(CampaignCreativeEntity).find({
      where: { campaignId: In(rows.map((r) => r.id)) },
      order: { position: 'ASC' },
    });
    const titles = new Map(
      (links.length
        ? await this.dataSource.getRepository(Creative).find({
            where: { id: In([...new Set(links.map((l) => l.creativeId))]) },
            select: { id: true, title: true },
          })
        : []
      ).map((c) => [c.id, c.title]),
    );
    return rows.map((c) => ({
      id: c.id,
      name: c.name,
      organisationId: c.organisationId,
      status: c.status,
      priority: c.priority,
      flightStart: c.flightStart,
      flightEnd: c.flightEnd,
      dayparts: c.dayparts,
      targeting: c.targeting,
      creatives: links
        .filter((l) => l.campaignId === c.id)
        .map((l) => ({
          creativeId: l.creativeId,
          title: titles.get(l.creativeId) ?? '',
          weight: l.weight,
          durationSeconds: l.durationSeconds,
        })),
      frequency: c.frequency,
      minGapSeconds: c.minGapSeconds,
      acceptsDonations: c.acceptsDonations,
      ticker: c.ticker,
      qrUrl: c.qrUrl,
      qrCaption: c.qrCaption,
      createdAt: c.createdAt,
      updatedAt: c.updatedAt,
    }));
  }
}

function frequencyOf(
  dto: { kind: 'every' | 'perHour'; minutes?: number; plays?: number } | null | undefined,
): Frequency | null {
  if (!dto) return null;
  return dto.kind === 'every' ? { kind: 'every', minutes: dto.minutes! } : { kind: 'perHour', plays: dto.plays! };
}
