// npm run bench:schedule — how long libs/scheduler takes to plan one screen 15 days ahead, how big
// the plan is on the wire, and what an emergency costs once the plan is kept. Pure CPU, one core.
import { gzipSync } from 'node:zlib';
import { expandPlan } from '../libs/protocol/dist/index.js';
import { NO_TARGETING, overlayEmergencies, planLoops } from '../libs/scheduler/dist/index.js';

const DAY = 86_400_000;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const from = Math.floor(Date.UTC(2020, 7, 10) / DAY) * DAY;
const to = from + 15 * DAY;
const creatives = new Map();
for (let i = 0; i < 24; i++) {
  const clip = i % 4 === 0;
  creatives.set(`c${i}`, {
    id: `c${i}`,
    kind: clip ? 'video' : 'image',
    durationSeconds: clip ? 15 : null,
    validFrom: null,
    validUntil: null,
  });
}
const screen = {
  id: 's',
  kind: 'transit',
  tags: ['bến xe'],
  localityPath: '/p/d/',
  organisationPath: '/p/d/',
  venue: 'Bến xe khách Bắc Kạn',
  groupIds: [],
  timezone: 'Asia/Ho_Chi_Minh',
  operatingHours: [{ days: [1, 2, 3, 4, 5, 6, 7], from: '05:30', to: '22:00' }],
};
const fillers = [0, 1, 2].map((i) => ({
  id: `f${i}`,
  creativeId: `c${21 + i}`,
  durationSeconds: null,
  position: i,
  target: { kind: 'organisation', organisationPath: '/p/' },
}));
const campaign = (i, extra) => ({
  id: `camp${i}`,
  ownerPath: '/p/',
  priority: 'campaign',
  flightStart: from,
  flightEnd: to,
  dayparts: [],
  targeting: NO_TARGETING,
  creatives: [
    { creativeId: `c${i}`, weight: 1, durationSeconds: null },
    { creativeId: `c${i + 8}`, weight: 2, durationSeconds: 20 },
  ],
  frequency: null,
  minGapSeconds: null,
  acceptsDonations: true,
  ...extra,
});
// typical: the Bluezone campaign every 15 minutes over the district's filler
const typical = { campaigns: [campaign(1, { frequency: { kind: 'every', minutes: 15 } })], donations: [] };
// busy: six campaigns of every class with dayparts and staggered flights, two donations, one capped
const busy = {
  campaigns: Array.from({ length: 6 }, (_, i) =>
    campaign(i, {
      priority: i === 0 ? 'emergency' : i === 5 ? 'filler' : 'campaign',
      flightStart: from + i * 7 * 3_600_000,
      flightEnd: from + (10 + i) * DAY,
      dayparts:
        i % 2
          ? [
              { days: [1, 2, 3, 4, 5], from: '06:00', to: '11:30' },
              { days: [6, 7], from: '08:00', to: '20:00' },
            ]
          : [],
      frequency: i % 3 === 0 ? null : { kind: 'every', minutes: [15, 10, 45][i % 3] },
    }),
  ),
  donations: [
    {
      id: 'd1',
      donorPath: '/p/',
      campaignId: null,
      amount: { kind: 'secondsPerLoop', seconds: 10 },
      targeting: NO_TARGETING,
      start: from,
      end: null,
      dayparts: [],
      withdrawnAt: null,
      maxPlaysPerDay: 100,
    },
    {
      id: 'd2',
      donorPath: '/p/',
      campaignId: 'camp2',
      amount: { kind: 'slotsPerHour', slots: 7 },
      targeting: NO_TARGETING,
      start: from + DAY,
      end: from + 5 * DAY,
      dayparts: [],
      withdrawnAt: null,
      maxPlaysPerDay: null,
    },
  ],
};
const emergency = {
  id: 'flood',
  scopePath: null,
  localityPaths: [],
  groupIds: [],
  creativeId: null,
  message: { text: 'Lũ quét: tránh xa suối' },
  durationSeconds: null,
  start: from + 2 * DAY + 12_345_678,
  end: from + 2 * DAY + 20_000_000,
  cancelledAt: null,
};

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
function measure(name, scenario, policy) {
  const input = { screen, policy, ...scenario, emergencies: [emergency], fillers, creatives, from, to };
  const planMs = [];
  const overlayMs = [];
  let plan;
  let full;
  for (let r = 0; r < ROUNDS; r++) {
    let t = performance.now();
    plan = planLoops(input);
    planMs.push(performance.now() - t);
    t = performance.now();
    full = overlayEmergencies(plan, input);
    overlayMs.push(performance.now() - t);
  }
  const json = JSON.stringify(full);
  const plays = expandPlan(full, from, to).length;
  const row = {
    name,
    loop: policy.loopSeconds,
    plan_ms: median(planMs),
    overlay_ms: median(overlayMs),
    kb: json.length / 1024,
    gz_kb: gzipSync(json).length / 1024,
    plays_per_day: plays / 15,
    segments: full.segments.length,
    patterns: full.patterns.length,
  };
  console.log(
    `${name.padEnd(8)} loop ${String(policy.loopSeconds).padStart(3)} s  plan ${row.plan_ms.toFixed(1)} ms  emergency overlay ${row.overlay_ms.toFixed(2)} ms  ${row.kb.toFixed(1)} KB (${row.gz_kb.toFixed(1)} KB gzip)  ${Math.round(row.plays_per_day)} plays/day  ${row.segments} segments  ${row.patterns} patterns`,
  );
  return row;
}
console.log(`15-day plans, median of ${ROUNDS} rounds`);
const rows = [];
for (const loopSeconds of [60, 120, 300]) {
  rows.push(measure('typical', typical, { loopSeconds, slotSeconds: 10 }));
  rows.push(measure('busy', busy, { loopSeconds, slotSeconds: 10 }));
}
const pick = (name) => rows.filter((r) => r.name === name && r.loop === 120)[0];
const t = pick('typical');
const b = pick('busy');
console.log(
  `schedule typical_plan_ms=${t.plan_ms.toFixed(1)} typical_kb=${t.kb.toFixed(1)} busy_plan_ms=${b.plan_ms.toFixed(1)} busy_kb=${b.kb.toFixed(1)} busy_gz_kb=${b.gz_kb.toFixed(1)} emergency_overlay_ms=${b.overlay_ms.toFixed(2)} plays_per_day=${Math.round(b.plays_per_day)}`,
);
