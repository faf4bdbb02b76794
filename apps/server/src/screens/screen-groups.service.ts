import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, type EntityManager, In, Repository } from 'typeorm';
import { type ScreenFacts, matchesRule, type ScreenRule } from '@loa/screens';
import { AuditService } from '../audit/audit.service.js';
import { Invalid, NotFound } from '../common/errors.js';
import { type Page, pageOf, type PageQueryDto } from '../common/pagination.js';
import type { AuthenticatedContext } from '../common/request-context.js';
import { whereInScope } from '../common/scope-query.js';
import { Organisation } from '../organisations/organisation.entity.js';
import { OrganisationsService } from '../organisations/organisations.service.js';
import type { CreateScreenGroupDto, ScreenGroupDto, UpdateScreenGroupDto } from './dto/screen-group.dto.js';
import { ScreenChanges } from './screen-changes.js';
import { ScreenGroup } from './screen-group.entity.js';
import { ScreenPlanRows } from './screen-rows.js';
import { factsOf } from './screen-scope.js';

/** A group with its rule resolved to paths, ready to match screens. */
export interface ResolvedGroup {
  readonly id: string;
  readonly rule: ScreenRule;
}

/** Dynamic screen groups: rules over tags, localities and kinds, kept within their owner's scope. */
@Injectable()
export class ScreenGroupsService {
  private recent: { at: number; groups: Promise<ResolvedGroup[]> } | null = null;

  constructor(
    @InjectRepository(ScreenGroup) private readonly groups: Repository<ScreenGroup>,
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly organisations: OrganisationsService,
    private readonly audit: AuditService,
    private readonly changes: ScreenChanges,
    private readonly screenRows: ScreenPlanRows,
  ) {}

  async list(ctx: AuthenticatedContext, query: PageQueryDto): Promise<Page<ScreenGroupDto>> {
    const [items, total] = await whereInScope(
      this.groups.createQueryBuilder('g'),
      'g.organisationPath',
      ctx.principal.scope,
    )
      .orderBy('g.name', 'ASC')
      .addOrderBy('g.id', 'ASC')
      .skip((query.page - 1) * query.pageSize)
      .take(query.pageSize)
      .getManyAndCount();
    const screens = await this.allFacts();
    const dtos = await Promise.all(items.map(async (g) => this.toDto(g, await this.resolve(g), screens)));
    return pageOf(dtos, total, query);
  }

  async get(ctx: AuthenticatedContext, id: string): Promise<ScreenGroupDto> {
    const group = await this.find(ctx, id);
    return this.toDto(group, await this.resolve(group), await this.allFacts());
  }

  async find(ctx: AuthenticatedContext, id: string, manager?: EntityManager): Promise<ScreenGroup> {
    const repository = manager ? manager.getRepository(ScreenGroup) : this.groups;
    const q = repository.createQueryBuilder('g').where('g.id = :id', { id });
    const found = await whereInScope(q, 'g.organisationPath', ctx.principal.scope).getOne();
    if (!found) throw new NotFound('screen_group', id);
    return found;
  }

  /** The rule of a group the caller can see. */
  async ruleOf(ctx: AuthenticatedContext, id: string): Promise<ScreenRule> {
    return (await this.resolve(await this.find(ctx, id))).rule;
  }

  /** Every group with its rule; for working out socket rooms and playlists. */
  async allResolved(manager?: EntityManager): Promise<ResolvedGroup[]> {
    const rows = await (manager ?? this.dataSource.manager).getRepository(ScreenGroup).find();
    return this.resolveAll(rows, manager);
  }

  /**
   * Every group with its rule, as read at most `maxAgeMs` ago (or since this process last changed a
   * group): for placing a connecting player in its group rooms, which nothing sends to (playlists
   * go to screen rooms) and which a group change brings up to date for every socket anyway. A
   * reconnect storm then reads the groups once a second, not once per player: players arriving
   * while a read is under way share it.
   */
  allResolvedRecent(maxAgeMs: number): Promise<ResolvedGroup[]> {
    const now = performance.now();
    if (this.recent && now - this.recent.at <= maxAgeMs) return this.recent.groups;
    const recent = { at: now, groups: this.allResolved() };
    this.recent = recent;
    // a failed read is not kept: the next player reads again
    recent.groups.catch(() => {
      if (this.recent === recent) this.recent = null;
    });
    return recent.groups;
  }

  async create(ctx: AuthenticatedContext, dto: CreateScreenGroupDto): Promise<ScreenGroupDto> {
    const group = await this.dataSource.transaction(async (manager) => {
      const ownerId = dto.organisationId ?? ctx.principal.organisationId;
      if (!ownerId) throw new Invalid('screen.organisation_required');
      const owner = await this.organisations.get(ctx, ownerId, manager);
      await this.assertLocalities(ctx, manager, dto.localityIds ?? []);
      const repository = manager.getRepository(ScreenGroup);
      const saved = await repository.save(
        repository.create({
          name: dto.name,
          organisationId: owner.id,
          organisationPath: owner.path,
          tags: dto.tags ?? [],
          localityIds: dto.localityIds ?? [],
          kinds: dto.kinds ?? [],
        }),
      );
      await this.audit.record(
        ctx,
        {
          action: 'screen_group.created',
          objectType: 'screen_group',
          objectId: saved.id,
          organisationPath: saved.organisationPath,
          details: { name: saved.name, tags: saved.tags, localityIds: saved.localityIds, kinds: saved.kinds },
        },
        manager,
      );
      return saved;
    });
    const resolved = await this.resolve(group);
    this.recent = null;
    this.changes.publish({ type: 'group', groupId: group.id, before: null, after: resolved.rule });
    return this.toDto(group, resolved, await this.allFacts());
  }

  async update(ctx: AuthenticatedContext, id: string, dto: UpdateScreenGroupDto): Promise<ScreenGroupDto> {
    const { group, before } = await this.dataSource.transaction(async (manager) => {
      const group = await this.find(ctx, id, manager);
      const before = (await this.resolve(group, manager)).rule;
      if (dto.localityIds) await this.assertLocalities(ctx, manager, dto.localityIds);
      const details: Record<string, unknown> = {};
      for (const key of ['name', 'tags', 'localityIds', 'kinds'] as const) {
        if (dto[key] === undefined) continue;
        details[key] = { from: group[key], to: dto[key] };
        Object.assign(group, { [key]: dto[key] });
      }
      const saved = await manager.getRepository(ScreenGroup).save(group);
      await this.audit.record(
        ctx,
        {
          action: 'screen_group.updated',
          objectType: 'screen_group',
          objectId: id,
          organisationPath: saved.organisationPath,
          details,
        },
        manager,
      );
      return { group: saved, before };
    });
    const resolved = await this.resolve(group);
    this.recent = null;
    this.changes.publish({ type: 'group', groupId: id, before, after: resolved.rule });
    return this.toDto(group, resolved, await this.allFacts());
  }

  async remove(ctx: AuthenticatedContext, id: string): Promise<void> {
    const before = await this.dataSource.transaction(async (manager) => {
      const group = await this.find(ctx, id, manager);
      const before = (await this.resolve(group, manager)).rule;
      await manager.getRepository(ScreenGroup).delete({ id });
      await this.audit.record(
        ctx,
        {
          action: 'screen_group.deleted',
          objectType: 'screen_group',
          objectId: id,
          organisationPath: group.organisationPath,
          details: { name: group.name },
        },
        manager,
      );
      return before;
    });
    this.recent = null;
    this.changes.publish({ type: 'group', groupId: id, before, after: null });
  }

  private async resolve(group: ScreenGroup, manager?: EntityManager): Promise<ResolvedGroup> {
    return (await this.resolveAll([group], manager))[0];
  }

  /** Rules with their localities' paths, read in one query for all the groups. */
  private async resolveAll(groups: readonly ScreenGroup[], manager?: EntityManager): Promise<ResolvedGroup[]> {
    const ids = [...new Set(groups.flatMap((g) => g.localityIds))];
    const localities =
      ids.length === 0
        ? []
        : await (manager ?? this.dataSource.manager)
            .getRepository(Organisation)
            .find({ where: { id: In(ids) }, select: { id: true, path: true } });
    const pathOf = new Map(localities.map((l) => [l.id, l.path]));
    return groups.map((group) => {
      const paths = group.localityIds.map((id) => pathOf.get(id)).filter((p): p is string => p !== undefined);
      return {
        id: group.id,
        rule: {
          scopePath: group.organisationPath,
          tags: group.tags,
          // a locality deleted since keeps matching nothing rather than everything
          localityPaths: group.localityIds.length > 0 && paths.length === 0 ? ['/nowhere/'] : paths,
          kinds: group.kinds,
        },
      };
    });
  }

  private async assertLocalities(
    ctx: AuthenticatedContext,
    manager: EntityManager,
    ids: readonly string[],
  ): Promise<void> {
    for (const id of ids) {
      const locality = await this.organisations.get(ctx, id, manager);
      if (locality.kind === 'company') throw new Invalid('screen.locality_kind', { kind: `kind.${locality.kind}` });
    }
  }

  /** Every screen's id with the facts group rules look at. */
  async allScreenFacts(): Promise<Array<{ id: string; facts: ScreenFacts }>> {
    return (await this.screenRows.read()).map((s) => ({ id: s.id, facts: factsOf(s) }));
  }

  private async allFacts(): Promise<ScreenFacts[]> {
    return (await this.allScreenFacts()).map((s) => s.facts);
  }

  private toDto(group: ScreenGroup, resolved: ResolvedGroup, screens: readonly ScreenFacts[]): ScreenGroupDto {
    return {
      id: group.id,
      name: group.name,
      organisationId: group.organisationId,
      tags: group.tags,
      localityIds: group.localityIds,
      kinds: group.kinds,
      screenCount: screens.filter((s) => matchesRule(s, resolved.rule)).length,
      createdAt: group.createdAt,
      updatedAt: group.updatedAt,
    };
  }
}
