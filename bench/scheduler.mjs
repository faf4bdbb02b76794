// npm run bench:scheduler — plans a whole network 14 days ahead the way the server does
// (NetworkPlanner: what applies to each screen, one plan per distinct combination, shared periods,
// each period left to its filling where the plays are needed), plans it again with every period
// kept, then edits one campaign and re-plans the screens it reaches. Then what the plans leave to
// their readers: filling one plan's fourteen days (what a player does with its document), and the
// same network planned with every period filled by the server, as protocol 1 did. One core, no database.
//
// node --expose-gc bench/scheduler.mjs [--screens 10000 --campaigns 1000 --donations 200]
import { parseArgs } from 'node:util';
import { EventLoopTurns } from '../apps/server/dist/common/turns.js';
import { countedPlan, expandPlan, playsOf } from '../libs/protocol/dist/index.js';
import { KeptPlans, NetworkPlanner, PlanCache } from '../libs/scheduler/dist/index.js';
import { realNetwork } from '../libs/scheduler/dist/network-fixture.js';

const { values } = parseArgs({
  options: {
    screens: { type: 'string', default: process.env.BENCH_SCREENS ?? '10000' },
    campaigns: { type: 'string', default: process.env.BENCH_CAMPAIGNS ?? '1000' },
    donations: { type: 'string', default: process.env.BENCH_DONATIONS ?? '200' },
    rounds: { type: 'string', default: process.env.BENCH_ROUNDS ?? '3' },
  },
});
const screens = Number(values.screens);
const campaigns = Number(values.campaigns);
const donations = Number(values.donations);
const rounds = Number(values.rounds);
const DAY = 86_400_000;
// the server's window: from the start of today (UTC), 15 days, so 14 are always ahead
const from = Math.floor(Date.UTC(2020, 7, 10, 3) / DAY) * DAY;

const gc = globalThis.gc ?? (() => {});
const heapMb = () => {
  gc();
  gc();
  return process.memoryUsage().heapUsed / 1024 / 1024;
};
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

let t = performance.now();
const network = realNetwork({ screens, campaigns, donations, from, days: 15 });
const generateMs = performance.now() - t;
const inputsOf = (n) => ({
  campaigns: n.campaigns,
  donations: n.donations,
  emergencies: n.emergencies,
  fillers: n.fillers,
  creatives: n.creatives,
  from,
  to: from + 15 * DAY,
});
console.log(
  `network: ${network.screens.length} screens, ${network.campaigns.length} campaigns, ${network.donations.length} donations, ` +
    `${network.emergencies.length} emergency, ${network.fillers.length} filler entries, ${network.creatives.size} creatives ` +
    `(generated in ${generateMs.toFixed(0)} ms)`,
);

/** Plans every screen; answers the time, the distinct plans and the plays they hold. */
function planAll(planner, list) {
  const started = performance.now();
  const distinct = new Set();
  for (const screen of list) distinct.add(planner.planFor(screen, network.policyOf(screen)));
  return { ms: performance.now() - started, distinct };
}

/** What the server keeps between plans: its periods are left to their filling (as ScheduleInputs makes it). */
const serverKept = () => new KeptPlans(new PlanCache({ deferFillings: true }));

// 1. the full plan, cold: nothing kept from before (a server that just started). Each round runs in
// its own function, so the last round's plans are gone (not held in this frame) when the heap is read.
function fullPlanRound(r) {
  const before = heapMb();
  const kept = serverKept();
  const planner = new NetworkPlanner(inputsOf(network), kept);
  const { ms, distinct } = planAll(planner, network.screens);
  const heap = heapMb() - before;
  const kb = [...distinct].reduce((sum, p) => sum + JSON.stringify(p).length, 0) / distinct.size / 1024;
  console.log(
    `full plan, round ${r + 1}: ${(ms / 1000).toFixed(2)} s for ${network.screens.length} screens, ${distinct.size} distinct plans ` +
      `(${kb.toFixed(1)} KB each on average), ${kept.cache.periods} filled periods, heap +${heap.toFixed(0)} MB`,
  );
  return { ms, heap, distinctPlans: distinct.size, kept };
}
const fullMs = [];
const heaps = [];
let distinctPlans = 0;
let kept;
for (let r = 0; r < rounds; r++) {
  // the last round's plans go before this one starts (eslint cannot see the GC)
  // eslint-disable-next-line no-useless-assignment
  kept = undefined;
  const round = fullPlanRound(r);
  fullMs.push(round.ms);
  heaps.push(round.heap);
  distinctPlans = round.distinctPlans;
  kept = round.kept;
}
const heap = median(heaps);

// 2. the same plans again with every filled period kept: what planning costs besides filling (the
// windows, the cuts, the active sets, the segments and the garbage collector over the kept periods)
const keptMs = [];
for (let r = 0; r < rounds; r++) {
  const { ms } = planAll(new NetworkPlanner(inputsOf(network), kept.next()), network.screens);
  keptMs.push(ms);
  console.log(`full plan with every filled period kept, round ${r + 1}: ${(ms / 1000).toFixed(2)} s`);
}

// 3. one campaign edit: a district's campaign changes its frequency; the server finds the screens
// it reached before and reaches now, and plans those again, keeping the filled periods
const editMs = [];
let affected = 0;
for (let r = 0; r < rounds; r++) {
  const edited = network.campaigns[1 + ((r * 37) % (network.campaigns.length - 1))];
  const changed = {
    ...edited,
    frequency: edited.frequency?.kind === 'every' ? { kind: 'perHour', plays: 5 } : { kind: 'every', minutes: 20 },
  };
  const next = { ...network, campaigns: network.campaigns.map((c) => (c === edited ? changed : c)) };
  const started = performance.now();
  const before = new NetworkPlanner(inputsOf(network), kept);
  const after = new NetworkPlanner(inputsOf(next), kept.next());
  const ids = new Set([edited.id]);
  const reached = network.screens.filter((s) => before.touches(s, ids) || after.touches(s, ids));
  const { distinct } = planAll(after, reached);
  const ms = performance.now() - started;
  editMs.push(ms / Math.max(1, reached.length));
  affected = reached.length;
  console.log(
    `edit, round ${r + 1}: campaign ${edited.id} reaches ${reached.length} screens (${distinct.size} distinct plans): ` +
      `${ms.toFixed(0)} ms, ${(ms / Math.max(1, reached.length)).toFixed(3)} ms per affected screen`,
  );
}

// 4. the full plan, cold, the way the server runs it (SchedulePlaylistSource.plan): screen after
// screen, the event loop getting a turn whenever a slice has lasted SLICE_MS. The longest wait
// between two turns is how long heartbeats, acknowledgements and requests wait meanwhile.
async function slicedRound() {
  const planner = new NetworkPlanner(inputsOf(network), serverKept());
  const turns = new EventLoopTurns();
  let last = performance.now();
  let longest = 0;
  const ticker = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }, 1);
  const started = performance.now();
  for (const screen of network.screens) {
    planner.planFor(screen, network.policyOf(screen));
    await turns.turn();
  }
  const ms = performance.now() - started;
  clearInterval(ticker);
  longest = Math.max(longest, performance.now() - last);
  return { ms, longest };
}
// the kept periods go first, as in a server that just started (eslint cannot see the GC)
// eslint-disable-next-line no-useless-assignment
kept = undefined;
const sliced = await slicedRound();
console.log(
  `full plan in slices, as the server runs it: ${(sliced.ms / 1000).toFixed(2)} s; the event loop waited at most ` +
    `${sliced.longest.toFixed(0)} ms between turns (in one piece it would wait the whole plan)`,
);

// 5. what the plans leave to whoever reads them: its daily caps counted and every period of a plan
// filled, those a cap adds too (what a player does once with a new document, as it plays; a preview
// or report does it for the plans it reads), for one distinct plan in eight, the plans made first as
// the server makes them. Then the same network with every period filled as the plans are made
// (protocol 1's plans), once: what the server did.
function fillEachPlan() {
  const planner = new NetworkPlanner(inputsOf(network), serverKept());
  const plans = [...new Set(network.screens.map((screen) => planner.planFor(screen, network.policyOf(screen))))];
  const perPlan = [];
  let plays = 0;
  for (let i = 0; i < plans.length; i += 8) {
    const plan = plans[i];
    const started = performance.now();
    for (const pattern of countedPlan(plan).patterns) plays += playsOf(plan, pattern).plays.length;
    perPlan.push(performance.now() - started);
  }
  // and one plan's first day as exact plays, as a player asks for what comes next (a plan not
  // filled above: its day's periods are filled in this)
  const started = performance.now();
  const day = expandPlan(plans[1], plans[1].from, plans[1].from + DAY).length;
  const dayMs = performance.now() - started;
  console.log(
    `filling every period of ${perPlan.length} of the ${plans.length} plans: median ${median(perPlan).toFixed(1)} ms a plan ` +
      `(longest ${Math.max(...perPlan).toFixed(0)} ms), ${plays} plays in their periods; one plan's first day as ` +
      `${day} exact plays: ${dayMs.toFixed(0)} ms`,
  );
  return median(perPlan);
}
const fillMs = fillEachPlan();
function filledRound() {
  const { ms } = planAll(new NetworkPlanner(inputsOf(network), new KeptPlans()), network.screens);
  console.log(`full plan with every period filled by the server (protocol 1): ${(ms / 1000).toFixed(2)} s`);
  return ms;
}
const filledMs = filledRound();

console.log(
  `scheduler screens=${network.screens.length} campaigns=${network.campaigns.length} donations=${network.donations.length} ` +
    `full_plan_s=${(median(fullMs) / 1000).toFixed(2)} heap_mb=${heap.toFixed(0)} edit_ms_per_screen=${median(editMs).toFixed(3)} ` +
    `distinct_plans=${distinctPlans} edit_affected_screens=${affected} kept_plan_s=${(median(keptMs) / 1000).toFixed(2)} ` +
    `stall_ms=${sliced.longest.toFixed(0)} fill_ms_per_plan=${fillMs.toFixed(1)} filled_plan_s=${(filledMs / 1000).toFixed(2)}`,
);
