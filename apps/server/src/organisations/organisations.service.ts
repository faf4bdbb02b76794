import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, type EntityManager, type EntityTarget, type ObjectLiteral, Repository } from 'typeorm';
import { canBeChildOf, childPath, depthOf, isWithin, MAX_TREE_DEPTH, type OrganisationKind } from '@loa/identity';
import { AuditService } from '../audit/audit.service.js';
import { AuditEntry } from '../audit/audit-entry.entity.js';
import { Campaign } from '../campaigns/campaign.entity.js';
import { Donation } from '../campaigns/donation.entity.js';
import { Emergency } from '../campaigns/emergency.entity.js';
import { Conflict, Forbidden, Invalid, NotFound } from '../common/errors.js';
import { Creative } from '../creatives/creative.entity.js';
import { UploadSession } from '../creatives/upload-session.entity.js';
import { containsPattern } from '../common/like.js';
import { type Page, pageOf } from '../common/pagination.js';
import type { AuthenticatedContext } from '../common/request-context.js';
import { whereInScope } from '../common/scope-query.js';
import { User } from '../users/user.entity.js';
import { PlaylistEntry } from '../playback/playlist-entry.entity.js';
import { ScreenGroup } from '../screens/screen-group.entity.js';
import { Screen } from '../screens/screen.entity.js';
import type { CreateOrganisationDto, OrganisationQueryDto, UpdateOrganisationDto } from './dto/organisation.dto.js';
import { type OrganisationMoved, OrganisationEvents } from './organisation-events.js';
import { Organisation } from './organisation.entity.js';

@Injectable()
export class OrganisationsService {
  constructor(
    @InjectRepository(Organisation) private readonly organisations: Repository<Organisation>,
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly events: OrganisationEvents,
  ) {}

  async list(ctx: AuthenticatedContext, query: OrganisationQueryDto): Promise<Page<Organisation>> {
    const q = whereInScope(this.organisations.createQueryBuilder('org'), 'org.path', ctx.principal.scope);
    if (query.kind) q.andWhere('org.kind = :kind', { kind: query.kind });
    if (query.parentId) q.andWhere('org.parentId = :parentId', { parentId: query.parentId });
    if (query.within) {
      const root = await this.get(ctx, query.within);
      q.andWhere('org.path LIKE :withinPattern', { withinPattern: `${root.path}%` });
    }
    if (query.q) {
      q.andWhere("(LOWER(org.name) LIKE :q ESCAPE '\\' OR LOWER(org.code) LIKE :q ESCAPE '\\')", {
        q: containsPattern(query.q),
      });
    }
    const [items, total] = await q
      .orderBy('org.name', 'ASC')
      .addOrderBy('org.id', 'ASC')
      .skip((query.page - 1) * query.pageSize)
      .take(query.pageSize)
      .getManyAndCount();
    return pageOf(items, total, query);
  }

  /** The organisation if the caller may see it; otherwise it does not exist for them. */
  async get(ctx: AuthenticatedContext, id: string, manager?: EntityManager): Promise<Organisation> {
    const repository = manager ? manager.getRepository(Organisation) : this.organisations;
    const q = repository.createQueryBuilder('org').where('org.id = :id', { id });
    const found = await whereInScope(q, 'org.path', ctx.principal.scope).getOne();
    if (!found) throw new NotFound('organisation', id);
    return found;
  }

  async create(ctx: AuthenticatedContext, dto: CreateOrganisationDto): Promise<Organisation> {
    return this.dataSource.transaction(async (manager) => {
      await this.lockTree(manager);
      const parent = dto.parentId ? await this.get(ctx, dto.parentId, manager) : null;
      if (!parent && ctx.principal.scope.kind !== 'everywhere') throw new Forbidden('organisation.outside_scope');
      this.assertPlacement(dto.kind, parent);
      if (parent && depthOf(parent.path) + 1 > MAX_TREE_DEPTH) {
        throw new Invalid('organisation.too_deep', { max: MAX_TREE_DEPTH });
      }
      if (dto.code) await this.assertCodeFree(manager, dto.code, null);
      const id = randomUUID();
      const organisation = manager.getRepository(Organisation).create({
        id,
        name: dto.name,
        kind: dto.kind,
        code: dto.code ?? null,
        parentId: parent?.id ?? null,
        path: childPath(parent?.path ?? null, id),
      });
      const saved = await manager.getRepository(Organisation).save(organisation);
      await this.audit.record(
        ctx,
        {
          action: 'organisation.created',
          objectType: 'organisation',
          objectId: id,
          organisationPath: saved.path,
          details: { name: saved.name, kind: saved.kind, parentId: saved.parentId },
        },
        manager,
      );
      return saved;
    });
  }

  async update(ctx: AuthenticatedContext, id: string, dto: UpdateOrganisationDto): Promise<Organisation> {
    let moved: OrganisationMoved | null = null;
    const updated = await this.dataSource.transaction(async (manager) => {
      if (dto.parentId !== undefined) await this.lockTree(manager);
      const organisation = await this.get(ctx, id, manager);
      const changes: Record<string, { from: unknown; to: unknown }> = {};
      if (dto.name !== undefined && dto.name !== organisation.name) {
        changes.name = { from: organisation.name, to: dto.name };
        organisation.name = dto.name;
      }
      if (dto.code !== undefined && dto.code !== organisation.code) {
        if (dto.code) await this.assertCodeFree(manager, dto.code, organisation.id);
        changes.code = { from: organisation.code, to: dto.code };
        organisation.code = dto.code;
      }
      const oldPath = organisation.path;
      if (dto.parentId !== undefined && dto.parentId !== organisation.parentId) {
        await this.move(ctx, manager, organisation, dto.parentId);
        changes.parentId = { from: oldPath, to: organisation.path };
        moved = { organisationId: organisation.id, fromPath: oldPath, toPath: organisation.path };
      }
      if (Object.keys(changes).length === 0) return organisation;
      const saved = await manager.getRepository(Organisation).save(organisation);
      await this.audit.record(
        ctx,
        {
          action: changes.parentId ? 'organisation.moved' : 'organisation.updated',
          objectType: 'organisation',
          objectId: id,
          organisationPath: saved.path,
          details: changes,
        },
        manager,
      );
      return saved;
    });
    if (moved) this.events.published(moved);
    return updated;
  }

  async remove(ctx: AuthenticatedContext, id: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await this.lockTree(manager);
      const organisation = await this.get(ctx, id, manager);
      this.assertNotOwnRoot(ctx, organisation);
      const children = await manager.getRepository(Organisation).count({ where: { parentId: id } });
      if (children > 0) throw new Conflict('organisation.has_children', { count: children });
      const users = await manager.getRepository(User).count({ where: { organisationId: id } });
      if (users > 0) throw new Conflict('organisation.has_users', { count: users });
      const screens = await manager
        .getRepository(Screen)
        .count({ where: [{ organisationId: id }, { localityId: id }] });
      if (screens > 0) throw new Conflict('organisation.has_screens', { count: screens });
      const groups = await manager.getRepository(ScreenGroup).count({ where: { organisationId: id } });
      if (groups > 0) throw new Conflict('organisation.has_screens', { count: groups });
      await manager.getRepository(Organisation).delete({ id });
      await this.audit.record(
        ctx,
        {
          action: 'organisation.deleted',
          objectType: 'organisation',
          objectId: id,
          organisationPath: organisation.path,
          details: { name: organisation.name, kind: organisation.kind },
        },
        manager,
      );
    });
  }

  /** Re-roots the organisation and its whole subtree (and their audit trail) under a new parent. */
  private async move(
    ctx: AuthenticatedContext,
    manager: EntityManager,
    organisation: Organisation,
    parentId: string | null,
  ): Promise<void> {
    this.assertNotOwnRoot(ctx, organisation);
    const parent = parentId ? await this.get(ctx, parentId, manager) : null;
    if (!parent && ctx.principal.scope.kind !== 'everywhere') throw new Forbidden('organisation.outside_scope');
    if (parent && isWithin(parent.path, organisation.path)) throw new Invalid('organisation.cannot_move_into_itself');
    this.assertPlacement(organisation.kind, parent);
    const oldPath = organisation.path;
    const newPath = childPath(parent?.path ?? null, organisation.id);
    const deepest = await manager
      .getRepository(Organisation)
      .createQueryBuilder('org')
      .select('org.path', 'path')
      .where('org.path LIKE :pattern', { pattern: `${oldPath}%` })
      .orderBy('LENGTH(org.path)', 'DESC')
      .limit(1)
      .getRawOne<{ path: string }>();
    const levelsBelow = depthOf(deepest?.path ?? oldPath) - depthOf(oldPath);
    if (depthOf(newPath) + levelsBelow > MAX_TREE_DEPTH) {
      throw new Invalid('organisation.too_deep', { max: MAX_TREE_DEPTH });
    }
    const parameters = { newPath, from: oldPath.length + 1, oldPattern: `${oldPath}%` };
    await manager
      .createQueryBuilder()
      .update(Organisation)
      .set({ path: () => 'CAST(:newPath AS VARCHAR(1024)) || SUBSTR("path", :from)' })
      .where('"path" LIKE :oldPattern')
      .setParameters(parameters)
      .execute();
    // everything scoped or placed by a copy of the path moves with the subtree
    const copies: Array<[EntityTarget<ObjectLiteral>, string]> = [
      [AuditEntry, 'organisationPath'],
      [Creative, 'organisationPath'],
      [UploadSession, 'organisationPath'],
      [Screen, 'organisationPath'],
      [Screen, 'localityPath'],
      [ScreenGroup, 'organisationPath'],
      [PlaylistEntry, 'organisationPath'],
      // whose airtime a campaign plays in, whose screens a donation gives, an emergency's scope
      [Campaign, 'organisationPath'],
      [Donation, 'organisationPath'],
      [Emergency, 'organisationPath'],
    ];
    for (const [owner, column] of copies) {
      await manager
        .createQueryBuilder()
        .update(owner)
        .set({ [column]: () => `CAST(:newPath AS VARCHAR(1024)) || SUBSTR("${column}", :from)` })
        .where(`"${column}" LIKE :oldPattern`)
        .setParameters(parameters)
        .execute();
    }
    organisation.parentId = parent?.id ?? null;
    organisation.path = newPath;
  }

  /**
   * Changes to the tree's shape run one at a time on PostgreSQL, so two concurrent moves
   * cannot each pass the cycle check on their own snapshot (SQLite already writes serially).
   */
  private async lockTree(manager: EntityManager): Promise<void> {
    if (this.dataSource.options.type === 'postgres') {
      await manager.query("SELECT pg_advisory_xact_lock(hashtext('loa.organisation_tree'))");
    }
  }

  private assertPlacement(kind: OrganisationKind, parent: Organisation | null): void {
    if (!canBeChildOf(kind, parent?.kind ?? null)) {
      throw new Invalid('organisation.invalid_parent', {
        kind: `kind.${kind}`,
        parent: parent ? `kind.${parent.kind}` : 'kind.root',
      });
    }
  }

  /** Admins manage below their own organisation; moving or deleting it would change their own scope. */
  private assertNotOwnRoot(ctx: AuthenticatedContext, organisation: Organisation): void {
    const scope = ctx.principal.scope;
    if (scope.kind === 'subtree' && scope.path === organisation.path) throw new Forbidden('organisation.outside_scope');
  }

  private async assertCodeFree(manager: EntityManager, code: string, exceptId: string | null): Promise<void> {
    const holder = await manager.getRepository(Organisation).findOne({ where: { code }, select: { id: true } });
    if (holder && holder.id !== exceptId) throw new Conflict('organisation.code_taken', { code });
  }
}
