import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import { ancestorPaths, scopeLikePattern } from '@loa/identity';
import { AuditService } from '../audit/audit.service.js';
import { Clock } from '../clock/clock.js';
import { Conflict, Forbidden, Invalid, NotFound } from '../common/errors.js';
import type { AuthenticatedContext } from '../common/request-context.js';
import { CreativeUsages } from '../creatives/creative-usages.js';
import { PlaylistTriggers } from '../playback/playlist-triggers.js';
import { whereScreenVisible } from '../screens/screen-scope.js';
import { Screen } from '../screens/screen.entity.js';
import { User } from '../users/user.entity.js';
import type { CreateEmergencyDto, EmergencyDto } from './dto/emergency.dto.js';
import { Emergency } from './emergency.entity.js';
import { SchedulingChecks } from './scheduling-checks.js';

/** Emergency takeovers: exclusive on a region's screens from the instant they start, until the all clear. */
@Injectable()
export class EmergenciesService implements OnModuleInit {
  constructor(
    @InjectRepository(Emergency) private readonly emergencies: Repository<Emergency>,
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(Clock) private readonly clock: Clock,
    private readonly checks: SchedulingChecks,
    private readonly usages: CreativeUsages,
    private readonly audit: AuditService,
    private readonly triggers: PlaylistTriggers,
  ) {}

  onModuleInit(): void {
    // an emergency's poster stays (the record says what was shown, even after the all clear)
    this.usages.register(async (creativeId) =>
      (await this.emergencies.find({ where: { creativeId } })).map((e) => ({
        kind: 'emergency',
        id: e.id,
        name: e.title,
      })),
    );
  }

  /**
   * The emergencies of the caller's organisations, and those raised above them (by the province,
   * or system-wide) that take over or will take over some of the caller's screens: staff must see
   * why their screens show an alert, though only whoever raised it gives the all clear.
   */
  async list(ctx: AuthenticatedContext): Promise<EmergencyDto[]> {
    const q = this.emergencies.createQueryBuilder('e');
    const pattern = scopeLikePattern(ctx.principal.scope);
    if (pattern !== null) q.where('e.organisationPath LIKE :pattern', { pattern });
    const rows = await q.orderBy('e.startsAt', 'DESC').addOrderBy('e.id', 'ASC').take(500).getMany();
    const above = pattern === null ? [] : await this.raisedAboveReaching(ctx);
    return [...above.map((e) => this.toDto(e, true)), ...rows.map((e) => this.toDto(e, false))].sort(
      (a, b) => b.startsAt.getTime() - a.startsAt.getTime() || a.id.localeCompare(b.id),
    );
  }

  /** Emergencies not over yet, raised by an organisation above the caller's, reaching a screen it sees. */
  private async raisedAboveReaching(ctx: AuthenticatedContext): Promise<Emergency[]> {
    const scope = ctx.principal.scope;
    if (scope.kind !== 'subtree') return [];
    const above = ancestorPaths(scope.path);
    const q = this.emergencies
      .createQueryBuilder('e')
      .where('e.cancelledAt IS NULL')
      .andWhere('(e.endsAt IS NULL OR e.endsAt > :now)', { now: this.clock.now() });
    if (above.length > 0) q.andWhere('(e.organisationPath IS NULL OR e.organisationPath IN (:...above))', { above });
    else q.andWhere('e.organisationPath IS NULL');
    const candidates = await q.getMany();
    if (candidates.length === 0) return [];
    const visible = await whereScreenVisible(
      this.dataSource.getRepository(Screen).createQueryBuilder('s').select('s.id', 'id'),
      's',
      scope,
    ).getRawMany<{ id: string }>();
    const reaching = await this.triggers.reachingAny(
      candidates.map((e) => e.id),
      visible.map((r) => r.id),
    );
    return candidates.filter((e) => reaching.has(e.id));
  }

  async trigger(ctx: AuthenticatedContext, dto: CreateEmergencyDto): Promise<EmergencyDto> {
    await this.assertAllowed(ctx);
    if (Boolean(dto.creativeId) === Boolean(dto.message)) {
      throw new Invalid('emergency.invalid', { problem: 'give a creative or a message, not both' });
    }
    if (dto.creativeId) await this.checks.schedulableCreative(ctx, dto.creativeId);
    const startsAt = dto.startsAt ? new Date(dto.startsAt) : this.clock.now();
    const endsAt = dto.endsAt ? new Date(dto.endsAt) : null;
    this.checks.window('emergency.invalid', startsAt, endsAt);
    if (endsAt !== null && endsAt <= this.clock.now()) {
      throw new Invalid('emergency.invalid', { problem: 'it has already ended' });
    }
    const localityIds = [...new Set(dto.localityIds ?? [])];
    const groupIds = [...new Set(dto.groupIds ?? [])];
    await this.checks.targeting(ctx, { localityIds, groupIds });
    const scope = ctx.principal.scope;
    const saved = await this.dataSource.transaction(async (manager) => {
      const emergency = await manager.getRepository(Emergency).save(
        manager.getRepository(Emergency).create({
          title: dto.title,
          organisationId: ctx.principal.organisationId,
          organisationPath: scope.kind === 'subtree' ? scope.path : null,
          localityIds,
          groupIds,
          creativeId: dto.creativeId ?? null,
          message: dto.message ?? null,
          durationSeconds: dto.durationSeconds ?? null,
          startsAt,
          endsAt,
          cancelledAt: null,
          createdById: ctx.principal.id,
          cancelledById: null,
        }),
      );
      await this.audit.record(
        ctx,
        {
          action: 'emergency.triggered',
          objectType: 'emergency',
          objectId: emergency.id,
          organisationPath: emergency.organisationPath,
          details: { title: emergency.title, localityIds, groupIds, creativeId: emergency.creativeId },
        },
        manager,
      );
      return emergency;
    });
    await this.triggers.scheduleChanged([saved.id], []);
    return this.toDto(saved);
  }

  /** "All clear": the normal schedule resumes at once. */
  async cancel(ctx: AuthenticatedContext, id: string): Promise<EmergencyDto> {
    await this.assertAllowed(ctx);
    const emergency = await this.find(ctx, id);
    const now = this.clock.now();
    if (emergency.cancelledAt !== null || (emergency.endsAt !== null && emergency.endsAt <= now)) {
      throw new Conflict('emergency.ended');
    }
    const before = await this.triggers.reachOf([id]);
    emergency.cancelledAt = now;
    emergency.cancelledById = ctx.principal.id;
    await this.dataSource.transaction(async (manager) => {
      await manager.getRepository(Emergency).update({ id }, { cancelledAt: now, cancelledById: ctx.principal.id });
      await this.audit.record(
        ctx,
        {
          action: 'emergency.cancelled',
          objectType: 'emergency',
          objectId: id,
          organisationPath: emergency.organisationPath,
          details: { title: emergency.title },
        },
        manager,
      );
    });
    await this.triggers.scheduleChanged([id], before);
    return this.toDto(emergency);
  }

  private async find(ctx: AuthenticatedContext, id: string): Promise<Emergency> {
    const q = this.emergencies.createQueryBuilder('e').where('e.id = :id', { id });
    const pattern = scopeLikePattern(ctx.principal.scope);
    if (pattern !== null) q.andWhere('e.organisationPath LIKE :pattern', { pattern });
    const found = await q.getOne();
    if (!found) throw new NotFound('emergency', id);
    return found;
  }

  private async assertAllowed(ctx: AuthenticatedContext): Promise<void> {
    if (ctx.principal.role === 'admin') return;
    const user = await this.dataSource.getRepository(User).findOne({ where: { id: ctx.principal.id } });
    if (!user?.mayTriggerEmergencies) throw new Forbidden('emergency.not_allowed');
  }

  private toDto(e: Emergency, raisedAbove = false): EmergencyDto {
    const now = this.clock.now().getTime();
    return {
      id: e.id,
      title: e.title,
      raisedAbove,
      organisationId: e.organisationId,
      localityIds: e.localityIds,
      groupIds: e.groupIds,
      creativeId: e.creativeId,
      message: e.message,
      durationSeconds: e.durationSeconds,
      startsAt: e.startsAt,
      endsAt: e.endsAt,
      cancelledAt: e.cancelledAt,
      active: e.startsAt.getTime() <= now && e.cancelledAt === null && (e.endsAt === null || e.endsAt.getTime() > now),
      createdAt: e.createdAt,
    };
  }
}
