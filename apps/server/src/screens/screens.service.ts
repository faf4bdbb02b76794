import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, type EntityManager, Repository } from 'typeorm';
import type { Scope } from '@loa/identity';
import { DEFAULT_SCREEN_LAYOUT, HEARTBEAT_SECONDS } from '@loa/protocol';
import {
  DEFAULT_TIMEZONE,
  isValidTimeZone,
  matchesRule,
  normaliseTag,
  operatingHoursProblems,
  type ScreenKind,
} from '@loa/screens';
import { AuditService } from '../audit/audit.service.js';
import { Clock } from '../clock/clock.js';
import { Forbidden, Invalid, NotFound } from '../common/errors.js';
import { containsPattern } from '../common/like.js';
import { type Page, pageOf } from '../common/pagination.js';
import type { AuthenticatedContext } from '../common/request-context.js';
import { Organisation } from '../organisations/organisation.entity.js';
import { OrganisationsService } from '../organisations/organisations.service.js';
import { PlayerSockets } from '../realtime/player-sockets.js';
import { ScreenProfileEntity } from '../screen-profiles/screen-profile.entity.js';
import type { CreateScreenDto, ScreenDto, ScreenFieldsDto, ScreenQueryDto, UpdateScreenDto } from './dto/screen.dto.js';
import { ScreenChanges } from './screen-changes.js';
import { ScreenGroupsService } from './screen-groups.service.js';
import { canManageScreen, factsOf, whereScreenVisible } from './screen-scope.js';
import { rowsBy } from '../database/rows-by.js';
import { Screen } from './screen.entity.js';

/** A screen counts as offline after three missed heartbeats, even if its server never saw it leave. */
export const OFFLINE_AFTER_MS = 3 * HEARTBEAT_SECONDS * 1000;

/** The profile a new screen of each kind plays, unless the operator picks another. */
const DEFAULT_PROFILE: Record<ScreenKind, string> = {
  led_outdoor: 'led-768x384',
  elevator: 'elevator-1080x1920',
  transit: 'transit-1920x1080',
  web: 'transit-1920x1080',
};

const LOCALITY_KINDS = new Set(['province', 'district', 'ward']);

/**
 * Screens as operators manage them: registered, described, placed, owned and scoped. Anyone sees
 * the screens owned or standing within their scope; only the owner's scope changes them.
 */
@Injectable()
export class ScreensService {
  constructor(
    @InjectRepository(Screen) private readonly screens: Repository<Screen>,
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(Clock) private readonly clock: Clock,
    private readonly organisations: OrganisationsService,
    private readonly groups: ScreenGroupsService,
    private readonly audit: AuditService,
    private readonly sockets: PlayerSockets,
    private readonly changes: ScreenChanges,
  ) {}

  async list(ctx: AuthenticatedContext, query: ScreenQueryDto): Promise<Page<ScreenDto>> {
    const q = whereScreenVisible(this.screens.createQueryBuilder('screen'), 'screen', ctx.principal.scope);
    if (query.kind) q.andWhere('screen.kind = :kind', { kind: query.kind });
    // tags are stored as a JSON list; the quotes make "bến xe" not match "bến xe mới"
    if (query.tag) {
      q.andWhere("LOWER(screen.tags) LIKE :tag ESCAPE '\\'", {
        tag: containsPattern(JSON.stringify(query.tag.trim())),
      });
    }
    if (query.localityId) {
      const locality = await this.organisations.get(ctx, query.localityId);
      q.andWhere('screen.localityPath LIKE :localityPattern', { localityPattern: `${locality.path}%` });
    }
    if (query.online !== undefined) {
      const fresh = new Date(this.clock.now().getTime() - OFFLINE_AFTER_MS);
      if (query.online) q.andWhere('screen.online = :yes AND screen.lastSeenAt > :fresh', { yes: true, fresh });
      else
        q.andWhere('(screen.online = :no OR screen.lastSeenAt IS NULL OR screen.lastSeenAt <= :fresh)', {
          no: false,
          fresh,
        });
    }
    if (query.q) {
      q.andWhere(
        "(LOWER(screen.name) LIKE :q ESCAPE '\\' OR LOWER(screen.venue) LIKE :q ESCAPE '\\' OR LOWER(screen.address) LIKE :q ESCAPE '\\')",
        { q: containsPattern(query.q) },
      );
    }
    q.orderBy('screen.name', 'ASC').addOrderBy('screen.id', 'ASC');
    if (query.groupId) {
      // a rule, not a list: members are worked out in order, and only the page's ids go back to SQL
      const rule = await this.groups.ruleOf(ctx, query.groupId);
      const candidates = await q
        .clone()
        .select(['screen.id', 'screen.kind', 'screen.tags', 'screen.localityPath', 'screen.organisationPath'])
        .getMany();
      const members = candidates.filter((s) => matchesRule(factsOf(s), rule)).map((s) => s.id);
      const pageIds = members.slice((query.page - 1) * query.pageSize, query.page * query.pageSize);
      const page = pageIds.length === 0 ? [] : await q.andWhere('screen.id IN (:...pageIds)', { pageIds }).getMany();
      return pageOf(
        page.map((s) => this.toDto(s, ctx.principal.scope)),
        members.length,
        query,
      );
    }
    const [items, total] = await q
      .skip((query.page - 1) * query.pageSize)
      .take(query.pageSize)
      .getManyAndCount();
    return pageOf(
      items.map((s) => this.toDto(s, ctx.principal.scope)),
      total,
      query,
    );
  }

  async get(ctx: AuthenticatedContext, id: string): Promise<ScreenDto> {
    return this.toDto(await this.find(ctx, id), ctx.principal.scope);
  }

  /** The screen if the caller may see it; otherwise it does not exist for them. */
  async find(ctx: AuthenticatedContext, id: string, manager?: EntityManager): Promise<Screen> {
    const repository = manager ? manager.getRepository(Screen) : this.screens;
    const q = repository.createQueryBuilder('screen').where('screen.id = :id', { id });
    const found = await whereScreenVisible(q, 'screen', ctx.principal.scope).getOne();
    if (!found) throw new NotFound('screen', id);
    return found;
  }

  /** The screen if the caller may change it: seen and owned within their scope. */
  async findManageable(ctx: AuthenticatedContext, id: string, manager?: EntityManager): Promise<Screen> {
    const screen = await this.find(ctx, id, manager);
    if (!canManageScreen(ctx.principal.scope, screen)) {
      const owner = await (manager ?? this.dataSource.manager)
        .getRepository(Organisation)
        .findOne({ where: { id: screen.organisationId }, select: { name: true } });
      throw new Forbidden('screen.not_manageable', { owner: owner?.name ?? screen.organisationId });
    }
    return screen;
  }

  async create(ctx: AuthenticatedContext, dto: CreateScreenDto): Promise<ScreenDto> {
    const screen = await this.dataSource.transaction((manager) => this.createWith(manager, ctx, dto));
    this.changes.publish({ type: 'screen', screenId: screen.id, before: null, after: factsOf(screen) });
    return this.toDto(screen, ctx.principal.scope);
  }

  /** Registers a screen inside the caller's transaction (creating one directly, or by claiming a code). */
  async createWith(
    manager: EntityManager,
    ctx: AuthenticatedContext,
    dto: ScreenFieldsDto & Pick<CreateScreenDto, 'name' | 'kind' | 'localityId'>,
    extra: Partial<Screen> = {},
  ): Promise<Screen> {
    const ownerId = dto.organisationId ?? ctx.principal.organisationId;
    if (!ownerId) throw new Invalid('screen.organisation_required');
    const owner = await this.organisations.get(ctx, ownerId, manager);
    const locality = await this.localityFor(ctx, manager, owner, dto.localityId);
    const profileKey = dto.profileKey ?? DEFAULT_PROFILE[dto.kind];
    await this.assertDescribable(manager, { profileKey, timezone: dto.timezone, operatingHours: dto.operatingHours });
    const repository = manager.getRepository(Screen);
    const screen = await repository.save(
      repository.create({
        name: dto.name,
        kind: dto.kind,
        profileKey,
        organisationId: owner.id,
        organisationPath: owner.path,
        localityId: locality.id,
        localityPath: locality.path,
        venue: dto.venue ?? null,
        address: dto.address ?? null,
        latitude: dto.latitude ?? null,
        longitude: dto.longitude ?? null,
        timezone: dto.timezone ?? DEFAULT_TIMEZONE,
        operatingHours: dto.operatingHours ?? null,
        layout: dto.layout ? { ...dto.layout } : null,
        tags: dedupeTags(dto.tags ?? []),
        deviceTokenHash: null,
        devicePairedAt: null,
        online: false,
        ...extra,
      }),
    );
    await this.audit.record(
      ctx,
      {
        action: 'screen.created',
        objectType: 'screen',
        objectId: screen.id,
        organisationPath: screen.organisationPath,
        details: { name: screen.name, kind: screen.kind, localityId: screen.localityId, venue: screen.venue },
      },
      manager,
    );
    return screen;
  }

  async update(ctx: AuthenticatedContext, id: string, dto: UpdateScreenDto): Promise<ScreenDto> {
    const { before, after } = await this.dataSource.transaction(async (manager) => {
      const screen = await this.findManageable(ctx, id, manager);
      const before = factsOf(screen);
      const changes: Record<string, { from: unknown; to: unknown }> = {};
      const change = <K extends keyof Screen>(key: K, value: Screen[K] | undefined) => {
        if (value === undefined || JSON.stringify(screen[key]) === JSON.stringify(value)) return;
        changes[key] = { from: screen[key], to: value };
        screen[key] = value;
      };
      if (dto.organisationId !== undefined && dto.organisationId !== screen.organisationId) {
        const owner = await this.organisations.get(ctx, dto.organisationId, manager);
        change('organisationId', owner.id);
        change('organisationPath', owner.path);
      }
      if (dto.localityId !== undefined && dto.localityId !== screen.localityId) {
        const owner = await manager.getRepository(Organisation).findOneByOrFail({ id: screen.organisationId });
        const locality = await this.localityFor(ctx, manager, owner, dto.localityId);
        change('localityId', locality.id);
        change('localityPath', locality.path);
      }
      await this.assertDescribable(manager, dto);
      change('name', dto.name);
      change('kind', dto.kind);
      change('profileKey', dto.profileKey);
      change('venue', dto.venue);
      change('address', dto.address);
      change('latitude', dto.latitude);
      change('longitude', dto.longitude);
      change('timezone', dto.timezone);
      change('operatingHours', dto.operatingHours);
      change('layout', dto.layout && { ...dto.layout });
      change('tags', dto.tags === undefined ? undefined : dedupeTags(dto.tags));
      if (Object.keys(changes).length === 0) return { before, after: screen };
      const saved = await manager.getRepository(Screen).save(screen);
      await this.audit.record(
        ctx,
        {
          action: 'screen.updated',
          objectType: 'screen',
          objectId: id,
          organisationPath: saved.organisationPath,
          details: changes,
        },
        manager,
      );
      return { before, after: saved };
    });
    this.changes.publish({ type: 'screen', screenId: id, before, after: factsOf(after) });
    return this.toDto(after, ctx.principal.scope);
  }

  async remove(ctx: AuthenticatedContext, id: string): Promise<void> {
    const screen = await this.dataSource.transaction(async (manager) => {
      const screen = await this.findManageable(ctx, id, manager);
      await manager.getRepository(Screen).delete({ id });
      await this.audit.record(
        ctx,
        {
          action: 'screen.deleted',
          objectType: 'screen',
          objectId: id,
          organisationPath: screen.organisationPath,
          details: { name: screen.name },
        },
        manager,
      );
      return screen;
    });
    this.sockets.revoke(id, 'deleted');
    this.changes.publish({ type: 'screen', screenId: id, before: factsOf(screen), after: null });
  }

  /** Forgets the paired device: its socket is closed at once and it goes back to showing a code. */
  async revokeDevice(ctx: AuthenticatedContext, id: string): Promise<ScreenDto> {
    const screen = await this.dataSource.transaction(async (manager) => {
      const screen = await this.findManageable(ctx, id, manager);
      await manager
        .getRepository(Screen)
        .update({ id }, { deviceTokenHash: null, devicePairedAt: null, online: false });
      await this.audit.record(
        ctx,
        {
          action: 'screen.device_revoked',
          objectType: 'screen',
          objectId: id,
          organisationPath: screen.organisationPath,
        },
        manager,
      );
      return { ...screen, deviceTokenHash: null, devicePairedAt: null, online: false };
    });
    this.sockets.revoke(id, 'revoked');
    return this.toDto(screen, ctx.principal.scope);
  }

  /** The screen a device token belongs to, or null: tokens are compared by their hash. */
  async byDeviceTokenHash(hash: string): Promise<Screen | null> {
    const [screen] = await rowsBy(this.dataSource, Screen, 'deviceTokenHash', hash);
    return screen ?? null;
  }

  toDto(screen: Screen, scope: Scope): ScreenDto {
    return {
      id: screen.id,
      name: screen.name,
      kind: screen.kind,
      profileKey: screen.profileKey,
      organisationId: screen.organisationId,
      localityId: screen.localityId,
      venue: screen.venue,
      address: screen.address,
      latitude: screen.latitude,
      longitude: screen.longitude,
      timezone: screen.timezone,
      operatingHours: screen.operatingHours?.map((w) => ({ ...w, days: [...w.days] })) ?? null,
      layout: { ...(screen.layout ?? DEFAULT_SCREEN_LAYOUT) },
      tags: screen.tags,
      paired: screen.devicePairedAt !== null,
      devicePairedAt: screen.devicePairedAt,
      manageable: canManageScreen(scope, screen),
      status: {
        online: this.isOnline(screen),
        lastSeenAt: screen.lastSeenAt,
        playerVersion: screen.playerVersion,
        viewport: screen.viewport,
        freeBytes: screen.freeBytes,
        cache: screen.mediaCache,
        playing: this.isOnline(screen) ? screen.playing : null,
        playlistVersion: screen.playlistVersion,
      },
      createdAt: screen.createdAt,
      updatedAt: screen.updatedAt,
    };
  }

  isOnline(screen: Pick<Screen, 'online' | 'lastSeenAt'>): boolean {
    return (
      Boolean(screen.online) &&
      screen.lastSeenAt !== null &&
      this.clock.now().getTime() - screen.lastSeenAt.getTime() < OFFLINE_AFTER_MS
    );
  }

  /**
   * Where a screen may stand: a province, district or ward the caller can see; a company's
   * screen network may stand anywhere, since a company's screens are not bound to its own place.
   */
  private async localityFor(
    ctx: AuthenticatedContext,
    manager: EntityManager,
    owner: Organisation,
    localityId: string,
  ): Promise<Organisation> {
    const locality =
      owner.kind === 'company'
        ? await manager.getRepository(Organisation).findOne({ where: { id: localityId } })
        : await this.organisations.get(ctx, localityId, manager);
    if (!locality) throw new NotFound('organisation', localityId);
    if (!LOCALITY_KINDS.has(locality.kind))
      throw new Invalid('screen.locality_kind', { kind: `kind.${locality.kind}` });
    return locality;
  }

  private async assertDescribable(
    manager: EntityManager,
    fields: Pick<ScreenFieldsDto, 'profileKey' | 'timezone' | 'operatingHours'>,
  ): Promise<void> {
    if (fields.profileKey !== undefined) {
      const exists = await manager.getRepository(ScreenProfileEntity).exists({ where: { key: fields.profileKey } });
      if (!exists)
        throw new Invalid('screen.invalid', { problem: `there is no screen profile "${fields.profileKey}"` });
    }
    if (fields.timezone !== undefined && !isValidTimeZone(fields.timezone)) {
      throw new Invalid('screen.invalid', {
        problem: `"${fields.timezone}" is not an IANA time zone such as Asia/Ho_Chi_Minh`,
      });
    }
    if (fields.operatingHours) {
      const problems = operatingHoursProblems(fields.operatingHours);
      if (problems.length > 0) throw new Invalid('screen.invalid', { problem: problems.join('; ') });
    }
  }
}

function dedupeTags(tags: readonly string[]): string[] {
  const seen = new Set<string>();
  return tags.filter((tag) => {
    const key = normaliseTag(tag);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
