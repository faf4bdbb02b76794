import { Inject, Injectable } from '@nestjs/common';
import type { SchedulePlan } from '@loa/protocol';
import { Clock } from '../clock/clock.js';
import { EventLoopTurns } from '../common/turns.js';
import { type ScreenForPlan, ScreenPlanRows } from '../screens/screen-rows.js';
import { PlaylistSource } from './playlist-source.js';
import { type PlanWindow, planWindowAt, ScheduleInputs } from './schedule-world.js';

/** Plans from the scheduler: campaigns, donations, emergencies and default content (libs/scheduler). */
@Injectable()
export class SchedulePlaylistSource extends PlaylistSource {
  constructor(
    private readonly screenRows: ScreenPlanRows,
    @Inject(Clock) private readonly clock: Clock,
    private readonly inputs: ScheduleInputs,
  ) {
    super();
  }

  async plan(screens: readonly ScreenForPlan[], window: PlanWindow): Promise<Map<string, SchedulePlan>> {
    const world = await this.inputs.load(window);
    const plans = new Map<string, SchedulePlan>();
    const turns = new EventLoopTurns();
    for (const screen of screens) {
      plans.set(screen.id, world.planFor(screen));
      await turns.turn();
    }
    return plans;
  }

  async screensUsing(creativeId: string): Promise<string[]> {
    const world = await this.inputs.load(planWindowAt(this.clock.now()));
    const screens = await this.screenRows.read();
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
    return (await this.screenRows.read()).filter((s) => world.touches(s, wanted)).map((s) => s.id);
  }

  async reachingAny(ids: readonly string[], screenIds: readonly string[]): Promise<Set<string>> {
    const reaching = new Set<string>();
    if (ids.length === 0 || screenIds.length === 0) return reaching;
    const world = await this.inputs.load(planWindowAt(this.clock.now()));
    const screens = await this.screenRows.read(screenIds);
    for (const id of ids) {
      // one set per id: touches keeps its answers per signature for the set it was last asked about
      const wanted = new Set([id]);
      if (screens.some((s) => world.touches(s, wanted))) reaching.add(id);
    }
    return reaching;
  }
}
