import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import type { ScreenProfile } from '@loa/media-plan';
import { AuditService } from '../audit/audit.service.js';
import { Conflict, NotFound } from '../common/errors.js';
import type { AuthenticatedContext } from '../common/request-context.js';
import type { CreateScreenProfileDto, UpdateScreenProfileDto } from './dto/screen-profile.dto.js';
import { ScreenProfileEntity } from './screen-profile.entity.js';

/** Listeners told when the set of active profiles changes, so renditions can follow. */
export type ProfilesChanged = () => void;

@Injectable()
export class ScreenProfilesService {
  private readonly listeners: ProfilesChanged[] = [];

  constructor(
    @InjectRepository(ScreenProfileEntity) private readonly profiles: Repository<ScreenProfileEntity>,
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  onChange(listener: ProfilesChanged): void {
    this.listeners.push(listener);
  }

  list(): Promise<ScreenProfileEntity[]> {
    return this.profiles.find({ order: { width: 'ASC', height: 'ASC', key: 'ASC' } });
  }

  /** The profiles renditions are made for, in a stable order. */
  async active(): Promise<ScreenProfile[]> {
    const rows = await this.profiles.find({ where: { active: true }, order: { key: 'ASC' } });
    return rows.map(({ key, name, width, height }) => ({ key, name, width, height }));
  }

  async create(ctx: AuthenticatedContext, dto: CreateScreenProfileDto): Promise<ScreenProfileEntity> {
    const saved = await this.dataSource.transaction(async (manager) => {
      const repository = manager.getRepository(ScreenProfileEntity);
      if (await repository.exists({ where: { key: dto.key } })) {
        throw new Conflict('screen_profile.key_taken', { key: dto.key });
      }
      const profile = await repository.save(repository.create({ ...dto, active: true }));
      await this.audit.record(
        ctx,
        {
          action: 'screen_profile.created',
          objectType: 'screen_profile',
          objectId: profile.key,
          organisationPath: null,
          details: { name: profile.name, width: profile.width, height: profile.height },
        },
        manager,
      );
      return profile;
    });
    this.changed();
    return saved;
  }

  async update(ctx: AuthenticatedContext, key: string, dto: UpdateScreenProfileDto): Promise<ScreenProfileEntity> {
    const { profile, activeChanged } = await this.dataSource.transaction(async (manager) => {
      const repository = manager.getRepository(ScreenProfileEntity);
      const found = await repository.findOne({ where: { key } });
      if (!found) throw new NotFound('screen_profile', key);
      const changes: Record<string, { from: unknown; to: unknown }> = {};
      if (dto.name !== undefined && dto.name !== found.name) changes.name = { from: found.name, to: dto.name };
      if (dto.active !== undefined && dto.active !== found.active)
        changes.active = { from: found.active, to: dto.active };
      if (Object.keys(changes).length === 0) return { profile: found, activeChanged: false };
      Object.assign(found, dto);
      const saved = await repository.save(found);
      await this.audit.record(
        ctx,
        {
          action: 'screen_profile.updated',
          objectType: 'screen_profile',
          objectId: key,
          organisationPath: null,
          details: changes,
        },
        manager,
      );
      return { profile: saved, activeChanged: 'active' in changes };
    });
    if (activeChanged) this.changed();
    return profile;
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }
}
