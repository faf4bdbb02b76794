import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, In, Repository } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { DomainError, Invalid, NotFound } from '../common/errors.js';
import type { AuthenticatedContext } from '../common/request-context.js';
import { CreativesService } from '../creatives/creatives.service.js';
import { CreativeUsages } from '../creatives/creative-usages.js';
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
    if (Boolean(query.screenId) === Boolean(query.groupId)) throw new Invalid('playlist.target');
    if (query.screenId) await this.screens.find(ctx, query.screenId);
    if (query.groupId) await this.groups.find(ctx, query.groupId);
    const rows = await this.entries.find({
      where: query.screenId ? { screenId: query.screenId } : { groupId: query.groupId },
      order: { position: 'ASC', createdAt: 'ASC', id: 'ASC' },
    });
    return rows.map(entryFields);
  }

  async create(ctx: AuthenticatedContext, dto: CreatePlaylistEntryDto): Promise<PlaylistEntryDto> {
    if (Boolean(dto.screenId) === Boolean(dto.groupId)) throw new Invalid('playlist.target');
    const creative = await this.creatives.get(ctx, dto.creativeId);
    if (!creative.schedulable) throw new Invalid('playlist.not_schedulable');
    // what a screen plays is its owner's to decide: seeing it (it stands in your district) is not enough
    const target = dto.screenId
      ? await this.screens.findManageable(ctx, dto.screenId)
      : await this.groups.find(ctx, dto.groupId!);
    const entry = await this.dataSource.transaction(async (manager) => {
      const repository = manager.getRepository(PlaylistEntry);
      const where = dto.screenId ? { screenId: dto.screenId } : { groupId: dto.groupId };
      const last = await repository.findOne({ where, order: { position: 'DESC' } });
      const saved = await repository.save(
        repository.create({
          creativeId: dto.creativeId,
          screenId: dto.screenId ?? null,
          groupId: dto.groupId ?? null,
          position: dto.position ?? (last ? last.position + 1 : 0),
          durationSeconds: dto.durationSeconds ?? null,
          organisationPath: ctx.principal.scope.kind === 'subtree' ? ctx.principal.scope.path : target.organisationPath,
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
          details: { creativeId: saved.creativeId, screenId: saved.screenId, groupId: saved.groupId },
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
      entry.screenId ? this.screens.findManageable(ctx, entry.screenId) : this.groups.find(ctx, entry.groupId!)
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
