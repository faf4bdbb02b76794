import type { ScreenForPlan } from '../screens/screen-rows.js';

/** One thing a screen is to play, before it is checked and resolved to files. */
export interface PlannedItem {
  readonly creativeId: string;
  /** For images; null takes the default. Clips and audio play to their end. */
  readonly durationSeconds: number | null;
}

/**
 * Where a screen's playlist comes from: the seam the scheduler plugs into. Today the source is
 * what operators assign to screens and groups; campaigns, donations and emergencies replace it
 * without the push path, the documents or the player changing.
 */
export abstract class PlaylistSource {
  /** What each screen plays now, in order. A screen missing from the answer plays nothing. */
  abstract plan(screens: readonly ScreenForPlan[]): Promise<Map<string, PlannedItem[]>>;
  /** Screens whose plan may involve this creative (a superset is fine: unchanged playlists are not pushed). */
  abstract screensUsing(creativeId: string): Promise<string[]>;
}
