import type { PatternPlay, PlanCue } from '@loa/protocol';
import type { CreativeKind, Frequency, LoopPolicy, Priority, ScheduleCampaign, ScheduleDonation } from './model.js';

/** A creative a campaign or filler may play now, with the slots it takes. */
export interface Candidate {
  readonly creativeId: string;
  readonly kind: CreativeKind;
  readonly weight: number;
  /** Slots it wants: its length (clips) or show time (images) rounded up to whole slots. */
  readonly slots: number;
}

export interface ActiveCampaign {
  readonly campaign: ScheduleCampaign;
  readonly candidates: readonly Candidate[];
}

export interface ActiveDonation {
  readonly donation: ScheduleDonation;
  /** Campaigns that may fill it now, by id. */
  readonly fillers: readonly ActiveCampaign[];
}

export interface ActiveFiller {
  readonly entryId: string;
  readonly candidate: Candidate;
}

/** Everything that may use a screen's airtime during a stretch of time. */
export interface ActiveSet {
  readonly own: readonly ActiveCampaign[];
  readonly donations: readonly ActiveDonation[];
  readonly filler: readonly ActiveFiller[];
}

export interface Airtime {
  readonly periodSeconds: number;
  readonly plays: PatternPlay[];
  /** Per loop of the period: donated seconds nothing could fill, by donation id. */
  readonly shortfall: ReadonlyMap<string, readonly number[]>;
  /** Per loop of the period: donated plays, by donation id (for caps). */
  readonly donated: ReadonlyMap<string, readonly number[]>;
}

type CueOf = (cue: PlanCue) => number;

interface Placed {
  readonly slots: number;
  readonly cue: number;
  readonly creativeId: string | null;
  /** Where in the loop it wants to be, 0…1; null: anywhere (spread among the rest). */
  readonly position: number | null;
  readonly order: number;
}

interface LoopState {
  free: number;
  readonly plays: Placed[];
}

const PRIORITY_ORDER: readonly Priority[] = ['emergency', 'campaign', 'filler'];
const MAX_PERIOD_HOURS = 24;

/** Plays per hour a frequency asks for. */
export function hourlyRate(frequency: Frequency): number {
  return frequency.kind === 'every' ? 60 / frequency.minutes : frequency.plays;
}

/**
 * The shortest whole number of hours over which every rate gives whole plays (every 45 minutes:
 * 3 hours, 4 plays), so a pattern repeats exactly; rates that never come out whole are rounded per hour.
 */
export function periodHours(rates: readonly number[]): number {
  for (let hours = 1; hours <= MAX_PERIOD_HOURS; hours++) {
    if (rates.every((r) => Math.abs(r * hours - Math.round(r * hours)) < 1e-9)) return hours;
  }
  return 1;
}

/** A stable number in [0, 1) from an id, so campaigns start their spread at different loops. */
export function phaseOf(id: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    hash ^= id.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return (hash % 10_007) / 10_007;
}

/** Smooth weighted round robin: picks in proportion to weight, as evenly interleaved as possible. */
export class Rotation<T> {
  private readonly current: number[];
  private readonly total: number;

  constructor(
    private readonly items: readonly T[],
    private readonly weightOf: (item: T) => number,
  ) {
    this.current = items.map(() => 0);
    this.total = items.reduce((sum, item) => sum + weightOf(item), 0);
  }

  get size(): number {
    return this.items.length;
  }

  next(): T {
    let best = 0;
    for (let i = 0; i < this.items.length; i++) {
      this.current[i] += this.weightOf(this.items[i]);
      if (this.current[i] > this.current[best]) best = i;
    }
    this.current[best] -= this.total;
    return this.items[best];
  }

  /**
   * The next pick among the items `accept` takes, as if the rotation held only those (the rest
   * keep their turn); null, with nothing changed, when it takes none. Trying next() a few times
   * instead can come round to the same heavy item twice and miss the one that fits.
   */
  nextWhere(accept: (item: T) => boolean): T | null {
    let best = -1;
    let total = 0;
    for (let i = 0; i < this.items.length; i++) {
      if (!accept(this.items[i])) continue;
      total += this.weightOf(this.items[i]);
      if (
        best < 0 ||
        this.current[i] + this.weightOf(this.items[i]) > this.current[best] + this.weightOf(this.items[best])
      ) {
        best = i;
      }
    }
    if (best < 0) return null;
    for (let i = 0; i < this.items.length; i++)
      if (accept(this.items[i])) this.current[i] += this.weightOf(this.items[i]);
    this.current[best] -= total;
    return this.items[best];
  }
}

/**
 * Fills one period of a screen's loops: who gets which slots, in priority order, then the order
 * inside each loop. Deterministic: the same active set always gives the same plays.
 *
 * 1. campaigns of class `emergency` in the screen's own airtime (frequency first, then fill);
 * 2. donated airtime, filled with the campaigns the donation carries, never beyond it;
 * 3. class `campaign`, 4. class `filler`, each with frequencies first and then as often as room allows;
 * 5. the screen's default content, so nothing is black while filler exists.
 */
export function fillAirtime(policy: LoopPolicy, active: ActiveSet, cueOf: CueOf): Airtime {
  const slotsPerLoop = policy.loopSeconds / policy.slotSeconds;
  const rates = [
    ...active.own.filter((a) => a.campaign.frequency !== null).map((a) => hourlyRate(a.campaign.frequency!)),
    ...active.donations.filter((d) => d.donation.amount.kind === 'slotsPerHour').map((d) => donationHourly(d.donation)),
  ];
  const hours = periodHours(rates);
  const periodSeconds = hours * 3600;
  const loops = periodSeconds / policy.loopSeconds;
  const state: LoopState[] = Array.from({ length: loops }, () => ({ free: slotsPerLoop, plays: [] }));
  let order = 0;
  const place = (loop: number, placed: Omit<Placed, 'order'>) => {
    state[loop].free -= placed.slots;
    state[loop].plays.push({ ...placed, order: order++ });
  };
  const rotations = new Map<string, Rotation<Candidate>>();
  const rotationOf = (a: ActiveCampaign) => {
    let rotation = rotations.get(a.campaign.id);
    if (!rotation) {
      rotation = new Rotation(a.candidates, (c) => c.weight);
      rotations.set(a.campaign.id, rotation);
    }
    return rotation;
  };
  /** The campaign's next creative that fits in `room` slots, or null. */
  const nextFitting = (a: ActiveCampaign, room: number): Candidate | null =>
    rotationOf(a).nextWhere((c) => c.slots <= room);
  const fits = (a: ActiveCampaign, room: number) => a.candidates.some((c) => c.slots <= room);
  // a period places hundreds of plays of a few cues: each cue is looked up in the plan's table once
  const cueIndexes = new Map<string, number>();
  const campaignCue = (a: ActiveCampaign, c: Candidate, donationId: string | null) => {
    const key = `${a.campaign.id}|${c.creativeId}|${donationId ?? ''}`;
    let index = cueIndexes.get(key);
    if (index === undefined) {
      index = cueOf({
        creativeId: c.creativeId,
        message: null,
        reason: donationId === null ? 'campaign' : 'donation',
        campaignId: a.campaign.id,
        donationId,
        emergencyId: null,
        entryId: null,
      });
      cueIndexes.set(key, index);
    }
    return index;
  };
  /** Plays a campaign may have in one period, after its minimum gap. */
  const gapLimit = (a: ActiveCampaign) =>
    a.campaign.minGapSeconds ? Math.max(1, Math.floor(periodSeconds / a.campaign.minGapSeconds)) : Infinity;

  const placeFrequencies = (campaigns: readonly ActiveCampaign[]) => {
    // all the class's plays in the order of the time they aim at: scarce airtime is shared, not first come
    const wanted: { a: ActiveCampaign; target: number }[] = [];
    for (const a of campaigns) {
      // never more than the period has slots (an absurd rate must not loop for ever)
      const count = Math.min(Math.round(hourlyRate(a.campaign.frequency!) * hours), gapLimit(a), loops * slotsPerLoop);
      const phase = phaseOf(a.campaign.id);
      for (let j = 0; j < count; j++) wanted.push({ a, target: ((j + phase) * loops) / count });
    }
    wanted.sort((x, y) => x.target - y.target || x.a.campaign.id.localeCompare(y.a.campaign.id));
    for (const { a, target } of wanted) {
      const first = Math.floor(target) % loops;
      for (let step = 0; step < loops; step++) {
        const loop = (first + step) % loops;
        // the campaign's next creative that fits here: a long clip does not lose the play
        const candidate = nextFitting(a, state[loop].free);
        if (!candidate) continue;
        place(loop, {
          slots: candidate.slots,
          cue: campaignCue(a, candidate, null),
          creativeId: candidate.creativeId,
          position: step === 0 ? target - Math.floor(target) : null,
        });
        break;
      }
    }
  };

  const placeFill = (campaigns: readonly ActiveCampaign[]) => {
    if (campaigns.length === 0) return;
    const rotation = new Rotation(campaigns, () => 1);
    const left = new Map(campaigns.map((a) => [a.campaign.id, gapLimit(a)]));
    for (let loop = 0; loop < loops; loop++) {
      for (;;) {
        const free = state[loop].free;
        const a = rotation.nextWhere((c) => left.get(c.campaign.id)! > 0 && fits(c, free));
        if (!a) break;
        const candidate = nextFitting(a, free)!;
        place(loop, {
          slots: candidate.slots,
          cue: campaignCue(a, candidate, null),
          creativeId: candidate.creativeId,
          position: null,
        });
        left.set(a.campaign.id, left.get(a.campaign.id)! - 1);
      }
    }
  };

  const shortfall = new Map<string, number[]>();
  const donated = new Map<string, number[]>();
  const placeDonations = () => {
    for (const d of [...active.donations].sort((x, y) => x.donation.id.localeCompare(y.donation.id))) {
      const reserved = reservedSlots(d.donation, policy, loops, hours);
      const missing = new Array<number>(loops).fill(0);
      const plays = new Array<number>(loops).fill(0);
      const rotation = new Rotation(d.fillers, (a) => Math.max(1, ...a.candidates.map((c) => c.weight)));
      const phase = phaseOf(d.donation.id);
      for (let loop = 0; loop < loops; loop++) {
        let room = Math.min(reserved[loop], state[loop].free);
        const want = room;
        const inLoop: Omit<Placed, 'order' | 'position'>[] = [];
        while (room > 0) {
          const space = room;
          const from = rotation.nextWhere((c) => fits(c, space));
          if (!from) break;
          const candidate = nextFitting(from, room)!;
          inLoop.push({
            slots: candidate.slots,
            cue: campaignCue(from, candidate, d.donation.id),
            creativeId: candidate.creativeId,
          });
          room -= candidate.slots;
        }
        inLoop.forEach((p, m) => place(loop, { ...p, position: (m + phase) / Math.max(1, inLoop.length) }));
        plays[loop] = inLoop.length;
        // what nothing could fill goes back to the screen's own content, and is recorded
        missing[loop] = (reserved[loop] - (want - room)) * policy.slotSeconds;
      }
      shortfall.set(d.donation.id, missing);
      donated.set(d.donation.id, plays);
    }
  };

  const byClass = (priority: Priority) => active.own.filter((a) => a.campaign.priority === priority);
  for (const priority of PRIORITY_ORDER) {
    const campaigns = byClass(priority);
    placeFrequencies(campaigns.filter((a) => a.campaign.frequency !== null));
    if (priority === 'emergency') {
      placeFill(campaigns.filter((a) => a.campaign.frequency === null));
      placeDonations();
    } else {
      placeFill(campaigns.filter((a) => a.campaign.frequency === null));
    }
  }
  placeFiller(state, active.filler, cueOf, place);

  return { periodSeconds, plays: arrange(state, policy), shortfall, donated };
}

function donationHourly(donation: ScheduleDonation): number {
  return donation.amount.kind === 'slotsPerHour' ? donation.amount.slots : 0;
}

/** Slots a donation reserves in each loop of the period: a fixed share of every loop, or N an hour spread evenly. */
export function reservedSlots(donation: ScheduleDonation, policy: LoopPolicy, loops: number, hours: number): number[] {
  const perLoop = policy.loopSeconds / policy.slotSeconds;
  if (donation.amount.kind === 'secondsPerLoop') {
    const slots = Math.min(perLoop, Math.floor(donation.amount.seconds / policy.slotSeconds));
    return new Array<number>(loops).fill(slots);
  }
  const total = Math.round(donation.amount.slots * hours);
  const phase = phaseOf(donation.id);
  // Bresenham: loop i gets the whole slots its share reaches, so no hour is more than one slot off
  return Array.from({ length: loops }, (_, i) =>
    Math.min(perLoop, Math.floor(((i + 1) * total) / loops + phase) - Math.floor((i * total) / loops + phase)),
  );
}

function placeFiller(
  state: LoopState[],
  filler: readonly ActiveFiller[],
  cueOf: CueOf,
  place: (loop: number, placed: Omit<Placed, 'order'>) => void,
): void {
  if (filler.length === 0) return;
  const cues = filler.map((f) =>
    cueOf({
      creativeId: f.candidate.creativeId,
      message: null,
      reason: 'filler',
      campaignId: null,
      donationId: null,
      emergencyId: null,
      entryId: f.entryId,
    }),
  );
  let next = 0;
  for (let loop = 0; loop < state.length; loop++) {
    while (state[loop].free > 0) {
      let placed = false;
      for (let tries = 0; tries < filler.length && !placed; tries++) {
        const index = next;
        next = (next + 1) % filler.length;
        const { candidate } = filler[index];
        const free = state[loop].free;
        // a poster can show for less than it asked, to fill the loop; a clip must fit whole
        const slots = candidate.kind === 'image' ? Math.min(candidate.slots, free) : candidate.slots;
        if (slots > free) continue;
        place(loop, { slots, cue: cues[index], creativeId: candidate.creativeId, position: null });
        placed = true;
      }
      if (!placed) break;
    }
  }
}

/**
 * Orders each loop: plays that aim at a moment keep their place, the rest spread between them;
 * then the same creative is never shown twice in a row where something else can go between.
 */
function arrange(state: readonly LoopState[], policy: LoopPolicy): PatternPlay[] {
  const out: PatternPlay[] = [];
  let previous: string | null = lastCreativeOf(state[state.length - 1]);
  state.forEach((loop, index) => {
    const loose = loop.plays.filter((p) => p.position === null);
    const ordered = loop.plays
      .map((p) => ({
        p,
        at: p.position ?? (loose.indexOf(p) + 0.5) / loose.length,
      }))
      .sort((x, y) => x.at - y.at || x.p.order - y.p.order)
      .map((x) => x.p);
    let offset = index * policy.loopSeconds;
    for (const play of spread(ordered, previous)) {
      out.push([offset, play.slots * policy.slotSeconds, play.cue]);
      offset += play.slots * policy.slotSeconds;
      previous = play.creativeId;
    }
  });
  return out;
}

/**
 * The plays in their order as far as it goes, but never the same creative twice in a row (nor
 * after `previous`, the last of the loop before) where some order avoids it: each place takes
 * the first play after which the rest can still be spread.
 */
export function spread<T extends { readonly creativeId: string | null }>(
  plays: readonly T[],
  previous: string | null,
): T[] {
  const left = [...plays];
  const counts = new Map<string | null, number>();
  for (const p of left) counts.set(p.creativeId, (counts.get(p.creativeId) ?? 0) + 1);
  const bump = (id: string | null, by: number) => counts.set(id, counts.get(id)! + by);
  // across loops only where it costs nothing inside the loop
  let last = canSpread(counts, left.length, previous) ? previous : null;
  const out: T[] = [];
  while (left.length > 0) {
    let pick = -1;
    for (let i = 0; i < left.length && pick < 0; i++) {
      const id = left[i].creativeId;
      if (id !== null && id === last) continue;
      bump(id, -1);
      if (canSpread(counts, left.length - 1, id)) pick = i;
      bump(id, 1);
    }
    // no order avoids a repeat (one creative has more than half): the first that differs, if any
    if (pick < 0)
      pick = Math.max(
        0,
        left.findIndex((p) => p.creativeId === null || p.creativeId !== last),
      );
    const [play] = left.splice(pick, 1);
    bump(play.creativeId, -1);
    out.push(play);
    last = play.creativeId;
  }
  return out;
}

/** Whether `n` plays of these creatives can follow `last` with no creative twice in a row. */
function canSpread(counts: ReadonlyMap<string | null, number>, n: number, last: string | null): boolean {
  for (const [id, count] of counts) {
    if (id === null) continue;
    if (count > (id === last ? Math.floor(n / 2) : Math.ceil(n / 2))) return false;
  }
  return true;
}

function lastCreativeOf(loop: LoopState): string | null {
  return loop.plays.length > 0 ? loop.plays[loop.plays.length - 1].creativeId : null;
}
