import { describe, expect, it } from '@jest/globals';
import { expandPlan, type Play, shortfallSeconds } from '@loa/protocol';
import { PlanCache, planScreen } from './engine.js';
import { KeptPlans, NetworkPlanner } from './network.js';
import { realNetwork } from './network-fixture.js';

const DAY = 86_400_000;
const FROM = Date.UTC(2020, 7, 10);
const TO = FROM + 3 * DAY;
const net = realNetwork({ screens: 1_500, campaigns: 150, donations: 40, from: FROM, days: 3 });
const inputs = {
  campaigns: net.campaigns,
  donations: net.donations,
  emergencies: net.emergencies,
  fillers: net.fillers,
  creatives: net.creatives,
  from: FROM,
  to: TO,
};

describe('NetworkPlanner', () => {
  it('says a change touches exactly the screens whose applicable set holds it', () => {
    const planner = new NetworkPlanner(inputs);
    const reference = new NetworkPlanner(inputs);
    const changes = [
      ...net.campaigns.map((c) => new Set([c.id])),
      ...net.donations.map((d) => new Set([d.id])),
      ...net.emergencies.map((e) => new Set([e.id])),
      new Set([net.campaigns[3].id, net.donations[5].id]),
      new Set(['nothing-by-this-id']),
    ];
    let touchedSome = 0;
    for (const ids of changes) {
      let touched = 0;
      for (const screen of net.screens) {
        const a = reference.applicable(screen);
        const expected =
          a.campaigns.some((c) => ids.has(c.id)) ||
          a.donations.some((d) => ids.has(d.id)) ||
          a.emergencies.some((e) => ids.has(e.id));
        expect(planner.touches(screen, ids)).toBe(expected);
        if (expected) touched++;
      }
      if (touched > 0) touchedSome++;
    }
    // the check means something: most changes reach some screens, and none reaches all of them
    expect(touchedSome).toBeGreaterThan(changes.length / 2);
  });

  it('plans each screen as planScreen does with what applies to it, and shares filled periods across edits', () => {
    const kept = new KeptPlans();
    const planner = new NetworkPlanner(inputs, kept);
    for (const screen of net.screens.slice(0, 60)) {
      const applicable = planner.applicable(screen);
      const alone = planScreen({
        screen,
        policy: net.policyOf(screen),
        ...applicable,
        creatives: net.creatives,
        from: FROM,
        to: TO,
      });
      expect(planner.planFor(screen, net.policyOf(screen))).toEqual(alone);
    }
    const periods = kept.cache.periods;
    expect(periods).toBeGreaterThan(0);
    // an edit keeps the filled periods: planning the same screens again fills nothing new
    const again = new NetworkPlanner(inputs, kept.next());
    for (const screen of net.screens.slice(0, 60)) again.planFor(screen, net.policyOf(screen));
    expect(kept.cache.periods).toBe(periods);
  });

  it('keeps the filled periods of screens where an edited campaign only fills donated airtime', () => {
    const planner = new NetworkPlanner(inputs);
    // a screen on which some campaign with a frequency plays only through donations
    let found: { screen: (typeof net.screens)[number]; campaignId: string } | null = null;
    for (const screen of net.screens) {
      const a = planner.applicable(screen);
      const index = a.campaigns.findIndex((c, i) => !a.owns[i] && c.frequency !== null);
      if (index >= 0) {
        found = { screen, campaignId: a.campaigns[index].id };
        break;
      }
    }
    expect(found).not.toBeNull();
    const { screen, campaignId } = found!;
    const kept = new KeptPlans();
    const before = new NetworkPlanner(inputs, kept).planFor(screen, net.policyOf(screen));
    const periods = kept.cache.periods;
    const edited = inputs.campaigns.map((c) =>
      c.id === campaignId ? { ...c, frequency: { kind: 'perHour' as const, plays: 11 } } : c,
    );
    const after = new NetworkPlanner({ ...inputs, campaigns: edited }, kept.next()).planFor(
      screen,
      net.policyOf(screen),
    );
    // donated airtime reads a campaign's creatives, not its frequency: nothing to fill again
    expect(kept.cache.periods).toBe(periods);
    expect(after).toEqual(before);
    // and where the campaign has the screen's own airtime, its frequency does count
    const owner = net.screens.find((s) => {
      const a = planner.applicable(s);
      return a.campaigns.some((c, i) => c.id === campaignId && a.owns[i]);
    });
    if (owner) {
      new NetworkPlanner({ ...inputs, campaigns: edited }, kept.next()).planFor(owner, net.policyOf(owner));
      new NetworkPlanner(inputs, kept.next()).planFor(owner, net.policyOf(owner));
      expect(kept.cache.periods).toBeGreaterThan(periods);
    }
    // its minimum gap counts in donated airtime too: an edit of it fills the screen's periods again
    const beforeGapEdit = kept.cache.periods;
    const gapEdited = inputs.campaigns.map((c) => (c.id === campaignId ? { ...c, minGapSeconds: 7200 } : c));
    const apart = new NetworkPlanner({ ...inputs, campaigns: gapEdited }, kept.next()).planFor(
      screen,
      net.policyOf(screen),
    );
    expect(kept.cache.periods).toBeGreaterThan(beforeGapEdit);
    const alone = planScreen({
      screen,
      policy: net.policyOf(screen),
      ...new NetworkPlanner({ ...inputs, campaigns: gapEdited }).applicable(screen),
      creatives: net.creatives,
      from: FROM,
      to: TO,
    });
    expect(apart).toEqual(alone);
  });

  it('past its bound, keeps the filled periods the last plans used and drops the rest', () => {
    const screens = net.screens.slice(0, 40);
    const some = screens.slice(0, 5);
    const planAll = (kept: KeptPlans, list: typeof screens) => {
      const planner = new NetworkPlanner(inputs, kept);
      return list.map((s) => planner.planFor(s, net.policyOf(s)));
    };
    // what the five screens use, planned alone
    const alone = new KeptPlans();
    const expected = planAll(alone, some);
    const used = alone.cache.periods;

    const kept = new KeptPlans();
    planAll(kept, screens);
    const all = kept.cache.periods;
    expect(all).toBeGreaterThan(used);
    // a change: only the five are planned again, all from the cache
    const second = kept.next();
    expect(planAll(second, some)).toEqual(expected);
    expect(second.cache.periods).toBe(all);
    // the next change finds the cache past a bound it would fit once pruned: the five's periods stay
    const third = second.next(used);
    expect(third.cache).toBe(kept.cache);
    expect(third.cache.periods).toBe(used);
    expect(planAll(third, some)).toEqual(expected);
    expect(third.cache.periods).toBe(used);
    // and when even those pass the bound, it starts again
    expect(third.next(used - 1).cache).not.toBe(kept.cache);
  });

  it('shares cue maps alike between plans, for two generations', () => {
    const screens = net.screens.slice(0, 40);
    const mapsOf = (kept: KeptPlans, list: typeof screens) => {
      const planner = new NetworkPlanner(inputs, kept);
      return list.flatMap((s) =>
        planner
          .planFor(s, net.policyOf(s))
          .patterns.flatMap((pattern) => ('cueMap' in pattern && pattern.cueMap ? [pattern.cueMap] : [])),
      );
    };
    const first = new KeptPlans();
    const firstMaps = mapsOf(first, screens);
    // plans alike map alike: one list for each content
    expect(first.cache.planLists).toBe(new Set(firstMaps).size);
    expect(first.cache.planLists).toBeLessThan(firstMaps.length);
    expect(new Set(firstMaps.map((map) => map.join())).size).toBe(first.cache.planLists);

    // the next generation takes along the lists it asks for again
    const some = screens.slice(0, 5);
    const second = first.next();
    const someMaps = mapsOf(second, some);
    expect(someMaps).toEqual(firstMaps.slice(0, someMaps.length));
    someMaps.forEach((map, i) => expect(map).toBe(firstMaps[i]));
    expect(second.cache.planLists).toBe(new Set(someMaps).size);

    // the one after it keeps those, and makes the first generation's others again when asked
    const third = second.next();
    expect(mapsOf(third, some).every((map, i) => map === someMaps[i])).toBe(true);
    const others = screens.slice(20, 25);
    const again = mapsOf(new KeptPlans(third.cache), others);
    const before = mapsOf(new KeptPlans(), others);
    expect(again).toEqual(before);
    const carried = new Set(someMaps);
    const fromFirst = new Set(firstMaps);
    const remade = again.filter((map) => !carried.has(map));
    expect(remade.length).toBeGreaterThan(0);
    remade.forEach((map) => expect(fromFirst.has(map)).toBe(false));
  });

  it('plans the network alike when it leaves periods to their filling, as the server does', () => {
    const filled = new NetworkPlanner(inputs);
    const deferred = new NetworkPlanner(inputs, new KeptPlans(new PlanCache({ deferFillings: true })));
    // plays by what they show and why: the two plans' tables may number their cues apart
    const alike = (p: Play) => ({ start: p.start, end: p.end, cue: p.cue, cut: p.cut });
    const seen = new Set<object>();
    let fillPatterns = 0;
    let emergencies = 0;
    let shortfalls = 0;
    const bySeconds = (seconds: Map<string, number>) =>
      Object.fromEntries([...seconds].map(([id, s]) => [id, Math.round(s * 1000) / 1000]));
    // a third of the network (every 100th pair of screens stands in the emergency's district)
    for (const screen of net.screens.slice(0, 500)) {
      const plan = deferred.planFor(screen, net.policyOf(screen));
      if (seen.has(plan)) continue;
      seen.add(plan);
      const reference = filled.planFor(screen, net.policyOf(screen));
      fillPatterns += plan.patterns.filter((p) => 'fill' in p).length;
      // shortfalls are left to the filling too, and come out the same over the plan where no
      // emergency takes over (a plan that lists its plays records them through one)
      expect(plan.shortfalls).toEqual([]);
      if (!plan.cues.some((cue) => cue.reason === 'emergency')) {
        const short = bySeconds(shortfallSeconds(plan, plan.from, plan.to));
        expect(short).toEqual(bySeconds(shortfallSeconds(reference, reference.from, reference.to)));
        shortfalls += Object.keys(short).length;
      }
      // the second day's morning (UTC): the emergency takes over then, and the loops resume in the middle of a play
      const [from, to] = [FROM + DAY, FROM + DAY + 8 * 3_600_000];
      const plays = expandPlan(plan, from, to);
      emergencies += plays.filter((p) => p.cue.reason === 'emergency').length;
      expect(plays.map(alike)).toEqual(expandPlan(reference, from, to).map(alike));
    }
    // the network has plans with periods left to their filling, daily caps and an emergency
    expect(fillPatterns).toBeGreaterThan(seen.size);
    expect(net.donations.some((d) => d.maxPlaysPerDay !== null)).toBe(true);
    expect(emergencies).toBeGreaterThan(0);
    expect(shortfalls).toBeGreaterThan(0);
  });

  it('leaves periods to their filling alike from kept periods as from nothing, in plans that survive JSON', () => {
    const deferring = () => new KeptPlans(new PlanCache({ deferFillings: true }));
    const screens = net.screens.slice(0, 300);
    const kept = deferring();
    const first = new NetworkPlanner(inputs, kept);
    for (const screen of screens) first.planFor(screen, net.policyOf(screen));
    // one campaign edited; the server loads its inputs anew after any change: the others are other
    // objects of the same content. Plans mix periods kept from before with periods made now
    const edited = net.campaigns.find((c) => c.frequency !== null)!;
    const reloaded = {
      ...inputs,
      campaigns: inputs.campaigns.map((c) =>
        c === edited ? { ...c, frequency: { kind: 'perHour' as const, plays: 7 } } : { ...c },
      ),
      donations: inputs.donations.map((d) => ({ ...d })),
    };
    const fromKept = new NetworkPlanner(reloaded, kept.next());
    const fromNothing = new NetworkPlanner(reloaded, deferring());
    const [from, to] = [FROM + DAY, FROM + DAY + 4 * 3_600_000];
    expect(screens.some((screen) => fromKept.touches(screen, new Set([edited.id])))).toBe(true);
    for (const screen of screens) {
      const plan = fromKept.planFor(screen, net.policyOf(screen));
      expect(JSON.stringify(plan)).toBe(JSON.stringify(fromNothing.planFor(screen, net.policyOf(screen))));
      const sent = JSON.parse(JSON.stringify(plan)) as typeof plan;
      expect(expandPlan(sent, from, to)).toEqual(expandPlan(plan, from, to));
    }
  });
});
