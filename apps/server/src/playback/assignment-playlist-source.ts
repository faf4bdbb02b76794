import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { matchesRule } from '@loa/screens';
import { ScreenGroupsService } from '../screens/screen-groups.service.js';
import { factsOf } from '../screens/screen-scope.js';
import type { ScreenForPlan } from '../screens/screen-rows.js';
import { PlaylistEntry } from './playlist-entry.entity.js';
import { type PlannedItem, PlaylistSource } from './playlist-source.js';

/**
 * Playlists from assignments: the creatives assigned to a screen itself or to any group it is
 * in, in their order. The interim source until the scheduler issue replaces it.
 */
@Injectable()
export class AssignmentPlaylistSource extends PlaylistSource {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly groups: ScreenGroupsService,
  ) {
    super();
  }

  async plan(screens: readonly ScreenForPlan[]): Promise<Map<string, PlannedItem[]>> {
    const [entries, groups] = await Promise.all([
      this.dataSource.getRepository(PlaylistEntry).find({ order: { position: 'ASC', createdAt: 'ASC', id: 'ASC' } }),
      this.groups.allResolved(),
    ]);
    // indexed once: ten thousand screens each look only at their own entries and their groups'
    const byScreen = new Map<string, PlaylistEntry[]>();
    const byGroup = new Map<string, PlaylistEntry[]>();
    for (const entry of entries) {
      const [index, key] = entry.screenId ? [byScreen, entry.screenId] : [byGroup, entry.groupId!];
      index.set(key, [...(index.get(key) ?? []), entry]);
    }
    const rules = groups.filter((g) => byGroup.has(g.id));
    const plans = new Map<string, PlannedItem[]>();
    for (const screen of screens) {
      const facts = factsOf(screen);
      const mine = [
        ...(byScreen.get(screen.id) ?? []),
        ...rules.filter((g) => matchesRule(facts, g.rule)).flatMap((g) => byGroup.get(g.id)!),
      ].sort(
        (a, b) => a.position - b.position || a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id),
      );
      const seen = new Set<string>();
      const items: PlannedItem[] = [];
      for (const entry of mine) {
        // the same creative assigned twice (to the screen and to its group) plays once per loop
        if (seen.has(entry.creativeId)) continue;
        seen.add(entry.creativeId);
        items.push({ creativeId: entry.creativeId, durationSeconds: entry.durationSeconds });
      }
      plans.set(screen.id, items);
    }
    return plans;
  }

  async screensUsing(creativeId: string): Promise<string[]> {
    const entries = await this.dataSource.getRepository(PlaylistEntry).find({ where: { creativeId } });
    const direct = entries.map((e) => e.screenId).filter((id): id is string => id !== null);
    const groupIds = new Set(entries.map((e) => e.groupId).filter((id): id is string => id !== null));
    if (groupIds.size === 0) return direct;
    const rules = (await this.groups.allResolved()).filter((g) => groupIds.has(g.id));
    const screens = await this.groups.allScreenFacts();
    const members = screens.filter((s) => rules.some((g) => matchesRule(s.facts, g.rule))).map((s) => s.id);
    return [...new Set([...direct, ...members])];
  }
}
