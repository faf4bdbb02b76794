import type { SchedulePlan } from '@loa/protocol';
import type { ScreenForPlan } from '../screens/screen-rows.js';
import type { PlanWindow } from './schedule-world.js';

/**
 * Where a screen's plays come from: the seam between the push path and the scheduler. The push
 * path, the documents and the player only see plans; what makes them is behind this.
 */
export abstract class PlaylistSource {
  /** Each screen's plan for the window. Screens alike may share one plan object. */
  abstract plan(screens: readonly ScreenForPlan[], window: PlanWindow): Promise<Map<string, SchedulePlan>>;
  /** Screens whose plan may involve this creative (a superset is fine: unchanged playlists are not pushed). */
  abstract screensUsing(creativeId: string): Promise<string[]>;
  /** Screens a campaign, donation or emergency may reach, as stored now (a superset is fine). */
  abstract screensReached(ids: readonly string[]): Promise<string[]>;
  /** Of these campaigns, donations or emergencies, those that reach at least one of the screens. */
  abstract reachingAny(ids: readonly string[], screenIds: readonly string[]): Promise<Set<string>>;
}
