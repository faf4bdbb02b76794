import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { Subscription } from 'rxjs';
import { DataSource } from 'typeorm';
import { type OrganisationMoved, OrganisationEvents } from '../organisations/organisation-events.js';
import { ScreenChanges } from './screen-changes.js';
import { factsOf } from './screen-scope.js';
import { Screen } from './screen.entity.js';

/**
 * When a subtree moves, the screens it owns or that stand in it have new paths: each is announced
 * as changed, so its players reconnect into the rooms of their new place and its playlist is
 * planned again (the campaigns, donations and emergencies moved with their owners).
 */
@Injectable()
export class ScreensFollowOrganisations implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('ScreensFollowOrganisations');
  private subscription: Subscription | null = null;

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly organisations: OrganisationEvents,
    private readonly changes: ScreenChanges,
  ) {}

  onModuleInit(): void {
    this.subscription = this.organisations.moved.subscribe((moved) => {
      this.announce(moved).catch((error: unknown) =>
        this.logger.error(`screens of a moved organisation not announced: ${String(error)}`),
      );
    });
  }

  onApplicationShutdown(): void {
    this.subscription?.unsubscribe();
  }

  private async announce({ fromPath, toPath }: OrganisationMoved): Promise<void> {
    const screens = await this.dataSource
      .getRepository(Screen)
      .createQueryBuilder('s')
      .where('(s.organisationPath LIKE :moved OR s.localityPath LIKE :moved)', { moved: `${toPath}%` })
      .getMany();
    const before = (path: string) => (path.startsWith(toPath) ? fromPath + path.slice(toPath.length) : path);
    for (const screen of screens) {
      const after = factsOf(screen);
      this.changes.publish({
        type: 'screen',
        screenId: screen.id,
        before: {
          ...after,
          organisationPath: before(after.organisationPath),
          localityPath: before(after.localityPath),
        },
        after,
      });
    }
  }
}
