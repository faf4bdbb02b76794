import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, In, Repository } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { DomainError, Invalid, NotFound } from '../common/errors.js';
import type { AuthenticatedContext } from '../common/request-context.js';
import { CreativesService } from '../creatives/creatives.service.js';
import { CreativeUsages } from '../creatives/creative-usages.js';
import { OrganisationsService } from '../organisations/organisations.service.js';
import { ScreenGroup } from '../screens/screen-group.entity.js';
import { ScreenGroupsService } from '../screens/screen-groups.service.js';
import { Screen } from '../screens/screen.entity.js';
import { ScreensService } from '../screens/screens.service.js';
import type { CreatePlaylistEntryDto, PlaylistEntryDto, PlaylistEntryQueryDto } from './dto/playlist-entry.dto.js';
import { entryFields } from './dto/playlist-entry.dto.js';
import { PlaylistEntry } from './playlist-entry.entity.js';
import { PlaylistTriggers } from './playlist-triggers.js';

/** Assigning creatives to screens and groups: who may, and what the screens then play. */
@Injectable()
export class PlaylistEntriesService implements OnModuleInit {
  constructor(
    @InjectRepository(PlaylistEntry) private readonly entries: Repository<PlaylistEntry>,
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly screens: ScreensService,
    private readonly groups: ScreenGroupsService,
    private readonly organisations: OrganisationsService,
    private readonly creatives: CreativesService,
    private readonly usages: CreativeUsages,
    private readonly audit: AuditService,
    private readonly triggers: PlaylistTriggers,
  ) {}

  onModuleInit(): void {
    // a creative on a screen's playlist cannot be deleted; the refusal says where it plays
    this.usages.register(async (creativeId) => {
      const used = await this.entries.find({ where: { creativeId } });
      const screenIds = used.map((e) => e.screenId).filter((id): id is string => id !== null);
      const groupIds = used.map((e) => e.groupId).filter((id): id is string => id !== null);
      const [screens, groups] = await Promise.all([
        screenIds.length ? this.dataSource.getRepository(Screen).find({ where: { id: In(screenIds) } }) : [],
        groupIds.length ? this.dataSource.getRepository(ScreenGroup).find({ where: { id: In(groupIds) } }) : [],
      ]);
      return [
        ...screens.map((s) => ({ kind: 'screen', id: s.id, name: s.name })),
        ...groups.map((g) => ({ kind: 'screen group', id: g.id, name: g.name })),
      ];
    });
  }

  async list(ctx: AuthenticatedContext, query: PlaylistEntryQueryDto): Promise<PlaylistEntryDto[]> {
    if (targets(query) !== 1) throw new Invalid('playlist.target');
    if (query.screenId) await this.screens.find(ctx, query.screenId);
    if (query.groupId) await this.groups.find(ctx, query.groupId);
    if (query.organisationId) await this.organisations.get(ctx, query.organisationId);
    const rows = await this.entries.find({
      where: query.screenId
        ? { screenId: query.screenId }
        : query.groupId
          ? { groupId: query.groupId }
          : { organisationId: query.organisationId },
      order: { position: 'ASC', createdAt: 'ASC', id: 'ASC' },
    });
    return rows.map(entryFields);
  }

  async create(ctx: AuthenticatedContext, dto: CreatePlaylistEntryDto): Promise<PlaylistEntryDto> {
    if (targets(dto) !== 1) throw new Invalid('playlist.target');
    const creative = await this.creatives.get(ctx, dto.creativeId);
    if (!creative.schedulable) throw new Invalid('playlist.not_schedulable');
    // what a screen plays is its owner's to decide: seeing it (it stands in your district) is not enough
    const target = dto.screenId
      ? await this.screens.findManageable(ctx, dto.screenId)
      : dto.groupId
        ? await this.groups.find(ctx, dto.groupId)
        : { organisationPath: (await this.organisations.get(ctx, dto.organisationId!)).path };
    const entry = await this.dataSource.transaction(async (manager) => {
      const repository = manager.getRepository(PlaylistEntry);
      const where = dto.screenId
        ? { screenId: dto.screenId }
        : dto.groupId
          ? { groupId: dto.groupId }
          : { organisationId: dto.organisationId };
      const last = await repository.findOne({ where, order: { position: 'DESC' } });
      const saved = await repository.save(
        repository.create({
          creativeId: dto.creativeId,
          screenId: dto.screenId ?? null,
          groupId: dto.groupId ?? null,
          organisationId: dto.organisationId ?? null,
          position: dto.position ?? (last ? last.position + 1 : 0),
          durationSeconds: dto.durationSeconds ?? null,
          // an organisation's filler is scoped to (and found by) the organisation's own path
          organisationPath:
            dto.organisationId || ctx.principal.scope.kind !== 'subtree'
              ? target.organisationPath
              : ctx.principal.scope.path,
          createdById: ctx.principal.id,
        }),
      );
      await this.audit.record(
        ctx,
        {
          action: 'playlist_entry.created',
          objectType: 'playlist_entry',
          objectId: saved.id,
          organisationPath: target.organisationPath,
          details: {
            creativeId: saved.creativeId,
            screenId: saved.screenId,
            groupId: saved.groupId,
            organisationId: saved.organisationId,
          },
        },
        manager,
      );
      return saved;
    });
    await this.triggers.entryChanged(entry);
    return entryFields(entry);
  }

  async remove(ctx: AuthenticatedContext, id: string): Promise<void> {
    const entry = await this.entries.findOne({ where: { id } });
    if (!entry) throw new NotFound('playlist_entry', id);
    // the entry exists for the caller only if its screen or group does
    const target = await (
      entry.screenId
        ? this.screens.findManageable(ctx, entry.screenId)
        : entry.groupId
          ? this.groups.find(ctx, entry.groupId)
          : this.organisations.get(ctx, entry.organisationId!).then((o) => ({ organisationPath: o.path }))
    ).catch((error: unknown) => {
      if (error instanceof DomainError && error.kind === 'not_found') throw new NotFound('playlist_entry', id);
      throw error;
    });
    await this.dataSource.transaction(async (manager) => {
      await manager.getRepository(PlaylistEntry).delete({ id });
      await this.audit.record(
        ctx,
        {
          action: 'playlist_entry.deleted',
          objectType: 'playlist_entry',
          objectId: id,
          organisationPath: target.organisationPath,
          details: { creativeId: entry.creativeId, screenId: entry.screenId, groupId: entry.groupId },
        },
        manager,
      );
    });
    await this.triggers.entryChanged(entry);
  }
}

function targets(where: { screenId?: string; groupId?: string; organisationId?: string }): number {
  return [where.screenId, where.groupId, where.organisationId].filter(Boolean).length;
}
