import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { OperatingWindow } from '@loa/protocol';
import { operatingHoursProblems } from '@loa/screens';
import { Invalid, NotFound } from '../common/errors.js';
import type { AuthenticatedContext } from '../common/request-context.js';
import { CreativesService } from '../creatives/creatives.service.js';
import type { MessageKey } from '@loa/i18n';
import { OrganisationsService } from '../organisations/organisations.service.js';
import { ScreenGroupsService } from '../screens/screen-groups.service.js';
import { Screen } from '../screens/screen.entity.js';
import type { StoredTargeting } from './campaign.entity.js';

/** What campaigns, donations and emergencies check alike: creatives, dayparts, windows, targeting in scope. */
@Injectable()
export class SchedulingChecks {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly creatives: CreativesService,
    private readonly organisations: OrganisationsService,
    private readonly groups: ScreenGroupsService,
  ) {}

  /** The creative exists for the caller and is approved and processed (when it may play is the scheduler's). */
  async schedulableCreative(ctx: AuthenticatedContext, creativeId: string): Promise<{ id: string; title: string }> {
    const creative = await this.creatives.get(ctx, creativeId);
    if (creative.review !== 'approved' || creative.status !== 'ready') {
      throw new Invalid('campaign.creative_not_schedulable', { title: creative.title });
    }
    return creative;
  }

  dayparts(key: MessageKey, dayparts: readonly OperatingWindow[] | undefined): void {
    if (!dayparts || dayparts.length === 0) return;
    const problems = operatingHoursProblems(dayparts);
    if (problems.length > 0) throw new Invalid(key, { problem: `dayparts: ${problems.join('; ')}` });
  }

  window(key: MessageKey, start: Date, end: Date | null): void {
    if (end !== null && end.getTime() <= start.getTime())
      throw new Invalid(key, { problem: 'it must end after it starts' });
  }

  /**
   * Groups named must be ones the caller can see. So must localities, unless a screen of the
   * organisation acting (`actingPath`: a donor, a campaign's owner) stands there: a company's own
   * subtree holds no localities, yet it narrows a donation to its station screens in one district.
   */
  async targeting(
    ctx: AuthenticatedContext,
    targeting: Pick<StoredTargeting, 'groupIds' | 'localityIds'>,
    actingPath?: string,
  ): Promise<void> {
    for (const id of targeting.groupIds) await this.groups.find(ctx, id);
    for (const id of targeting.localityIds) {
      const visible = await this.organisations.get(ctx, id).then(
        () => true,
        (error: unknown) => {
          if (error instanceof NotFound) return false;
          throw error;
        },
      );
      if (!visible && !(actingPath !== undefined && (await this.hasScreensIn(actingPath, id)))) {
        throw new NotFound('organisation', id);
      }
    }
  }

  private async hasScreensIn(ownerPath: string, localityId: string): Promise<boolean> {
    return this.dataSource
      .getRepository(Screen)
      .createQueryBuilder('s')
      .where('s.organisationPath LIKE :owner', { owner: `${ownerPath}%` })
      .andWhere('s.localityPath LIKE :locality', { locality: `%/${localityId}/%` })
      .getExists();
  }

  /** The organisation acting: the one named (within scope), or the caller's own. */
  async actingOrganisation(
    ctx: AuthenticatedContext,
    organisationId: string | undefined,
    missing: MessageKey,
  ): Promise<{ id: string; path: string }> {
    const id = organisationId ?? ctx.principal.organisationId;
    if (!id) throw new Invalid(missing, { problem: 'say which organisation (organisationId)' });
    const organisation = await this.organisations.get(ctx, id);
    return { id: organisation.id, path: organisation.path };
  }
}
