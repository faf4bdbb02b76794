import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { loopPolicyProblem } from '@loa/scheduler';
import { SCREEN_KINDS } from '@loa/screens';
import { AuditService } from '../audit/audit.service.js';
import { Invalid } from '../common/errors.js';
import type { AuthenticatedContext } from '../common/request-context.js';
import { PlaylistTriggers } from '../playback/playlist-triggers.js';
import { ScreenProfileEntity } from '../screen-profiles/screen-profile.entity.js';
import type { LoopPolicyDto, PutLoopPolicyDto } from './dto/schedule.dto.js';
import { LoopPolicyEntity } from './loop-policy.entity.js';

/** Loop and slot lengths per kind of screen or screen profile. */
@Injectable()
export class LoopPoliciesService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly triggers: PlaylistTriggers,
  ) {}

  async list(): Promise<LoopPolicyDto[]> {
    const rows = await this.dataSource.getRepository(LoopPolicyEntity).find({ order: { key: 'ASC' } });
    return rows.map(({ key, loopSeconds, slotSeconds }) => ({ key, loopSeconds, slotSeconds }));
  }

  async put(ctx: AuthenticatedContext, key: string, dto: PutLoopPolicyDto): Promise<LoopPolicyDto> {
    const [kind, name] = [key.slice(0, key.indexOf(':')), key.slice(key.indexOf(':') + 1)];
    if (kind === 'kind') {
      if (!(SCREEN_KINDS as readonly string[]).includes(name)) {
        throw new Invalid('loop_policy.invalid', {
          problem: `"${name}" is not a kind of screen (${SCREEN_KINDS.join(', ')})`,
        });
      }
    } else if (kind === 'profile') {
      if (!(await this.dataSource.getRepository(ScreenProfileEntity).exists({ where: { key: name } }))) {
        throw new Invalid('loop_policy.invalid', { problem: `there is no screen profile "${name}"` });
      }
    } else {
      throw new Invalid('loop_policy.invalid', {
        problem: 'the key is "kind:<kind of screen>" or "profile:<profile key>"',
      });
    }
    const problem = loopPolicyProblem(dto);
    if (problem) throw new Invalid('loop_policy.invalid', { problem });
    await this.dataSource.transaction(async (manager) => {
      await manager
        .getRepository(LoopPolicyEntity)
        .save({ key, loopSeconds: dto.loopSeconds, slotSeconds: dto.slotSeconds });
      await this.audit.record(
        ctx,
        {
          action: 'loop_policy.updated',
          objectType: 'loop_policy',
          objectId: key,
          organisationPath: null,
          details: { ...dto },
        },
        manager,
      );
    });
    await this.triggers.screensOfKindChanged(kind === 'kind' ? { kind: name } : { profileKey: name });
    return { key, ...dto };
  }
}
