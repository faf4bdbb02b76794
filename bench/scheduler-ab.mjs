// Two builds of the scheduler planning the same network in turns, in one process: what a change to
// the planner gains, on a machine whose speed drifts by a third within minutes (two runs of
// `npm run bench:scheduler` taken apart compare the machine as much as the code).
//
// node --expose-gc --max-semi-space-size=64 bench/scheduler-ab.mjs <root of build A> [<root of build B>]
//
// A root is a checkout with `npm run build` done (a git worktree of an older commit, say); B is this
// checkout by default. Each round plans the network cold (nothing kept) with A and with B, in turns
// (A first in even rounds, B first in odd ones), then again with every filled period kept. The first
// round warms both up and is left out of the medians.
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    screens: { type: 'string', default: process.env.BENCH_SCREENS ?? '10000' },
    campaigns: { type: 'string', default: process.env.BENCH_CAMPAIGNS ?? '1000' },
    donations: { type: 'string', default: process.env.BENCH_DONATIONS ?? '200' },
    rounds: { type: 'string', default: process.env.BENCH_ROUNDS ?? '6' },
  },
});
if (positionals.length < 1) {
  console.error('usage: bench/scheduler-ab.mjs <root of build A> [<root of build B>]');
  process.exit(2);
}
if (!globalThis.gc) {
  console.error('run it with node --expose-gc, so each pass starts from a collected heap');
  process.exit(2);
}
const roots = {
  A: resolve(positionals[0]),
  B: resolve(positionals[1] ?? fileURLToPath(new URL('..', import.meta.url))),
};
const builds = {};
for (const [name, root] of Object.entries(roots)) {
  builds[name] = {
    ...(await import(`${root}/libs/scheduler/dist/index.js`)),
    ...(await import(`${root}/libs/scheduler/dist/network-fixture.js`)),
  };
}

const DAY = 86_400_000;
const from = Math.floor(Date.UTC(2020, 7, 10, 3) / DAY) * DAY;
const network = builds.B.realNetwork({
  screens: Number(values.screens),
  campaigns: Number(values.campaigns),
  donations: Number(values.donations),
  from,
  days: 15,
});
const inputs = {
  campaigns: network.campaigns,
  donations: network.donations,
  emergencies: network.emergencies,
  fillers: network.fillers,
  creatives: network.creatives,
  from,
  to: from + 15 * DAY,
};
const planAll = (build, kept) => {
  const planner = new build.NetworkPlanner(inputs, kept);
  const started = performance.now();
  for (const screen of network.screens) planner.planFor(screen, network.policyOf(screen));
  return (performance.now() - started) / 1000;
};

const rounds = Math.max(2, Number(values.rounds));
const cold = { A: [], B: [] };
const kept = { A: [], B: [] };
for (let r = 0; r < rounds; r++) {
  for (const name of r % 2 ? ['B', 'A'] : ['A', 'B']) {
    const build = builds[name];
    globalThis.gc();
    // as the server keeps them: periods left to their filling
    const plans = new build.KeptPlans(new build.PlanCache({ deferFillings: true }));
    cold[name].push(planAll(build, plans));
    globalThis.gc();
    kept[name].push(planAll(build, plans.next()));
  }
  console.log(
    `round ${r + 1}: cold A ${cold.A[r].toFixed(2)} s, B ${cold.B[r].toFixed(2)} s; ` +
      `kept A ${kept.A[r].toFixed(2)} s, B ${kept.B[r].toFixed(2)} s`,
  );
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const warm = (xs) => xs.slice(1);
const ratios = warm(cold.B).map((b, i) => b / warm(cold.A)[i]);
console.log(
  `scheduler_ab cold_a_s=${median(warm(cold.A)).toFixed(2)} cold_b_s=${median(warm(cold.B)).toFixed(2)} ` +
    `cold_ratio=${median(ratios).toFixed(2)} kept_a_s=${median(warm(kept.A)).toFixed(2)} ` +
    `kept_b_s=${median(warm(kept.B)).toFixed(2)} first_a_s=${cold.A[0].toFixed(2)} first_b_s=${cold.B[0].toFixed(2)}`,
);
