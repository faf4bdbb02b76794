import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { SchedulePlan } from '@loa/protocol';
import { Clock } from '../clock/clock.js';
import { screensForPlan, type ScreenForPlan } from '../screens/screen-rows.js';
import { PlaylistSource } from './playlist-source.js';
import { type PlanWindow, planWindowAt, ScheduleInputs } from './schedule-world.js';

/** Plans from the scheduler: campaigns, donations, emergencies and default content (libs/scheduler). */
@Injectable()
export class SchedulePlaylistSource extends PlaylistSource {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(Clock) private readonly clock: Clock,
    private readonly inputs: ScheduleInputs,
  ) {
    super();
  }

  async plan(screens: readonly ScreenForPlan[], window: PlanWindow): Promise<Map<string, SchedulePlan>> {
    const world = await this.inputs.load(window);
    return new Map(screens.map((s) => [s.id, world.planFor(s)]));
  }

  async screensUsing(creativeId: string): Promise<string[]> {
    const world = await this.inputs.load(planWindowAt(this.clock.now()));
    const screens = await screensForPlan(this.dataSource);
    return screens
      .filter((s) => {
        const applicable = world.applicable(world.screenOf(s));
        return (
          applicable.campaigns.some((c) => c.creatives.some((cc) => cc.creativeId === creativeId)) ||
          applicable.emergencies.some((e) => e.creativeId === creativeId) ||
          applicable.fillers.some((f) => f.creativeId === creativeId)
        );
      })
      .map((s) => s.id);
  }

  async screensReached(ids: readonly string[]): Promise<string[]> {
    const world = await this.inputs.load(planWindowAt(this.clock.now()));
    const wanted = new Set(ids);
    return (await screensForPlan(this.dataSource)).filter((s) => world.touches(s, wanted)).map((s) => s.id);
  }
}
