/**
 * How a period of a screen's loops is filled: who gets which slots and in what order. Here, in
 * the playlist format's library, because the filling is part of what a plan means: a plan may
 * leave a period's filling to whoever expands it (the server's plans do), and the server works
 * out donations' part as it plans (fillDonations). A change to what it gives is a new protocol.
 */
import type { PatternPlay, PlanCue } from './plan.js';

/**
 * How a screen's airtime is cut: a loop of `loopSeconds` that repeats, made of slots of
 * `slotSeconds`. Every play takes whole slots. The loop divides an hour, so loops line up with
 * the clock and "N per hour" means the same on every screen.
 */
export interface LoopPolicy {
  readonly loopSeconds: number;
  readonly slotSeconds: number;
}

export type CreativeKind = 'image' | 'video' | 'audio';

/** "every 15 minutes" or "N plays per hour"; null on a campaign means as often as airtime allows. */
export type Frequency =
  { readonly kind: 'every'; readonly minutes: number } | { readonly kind: 'perHour'; readonly plays: number };

export const PRIORITIES = ['emergency', 'campaign', 'filler'] as const;
/** Higher classes get airtime first: emergency > campaign > filler. */
export type Priority = (typeof PRIORITIES)[number];

export type DonationAmount =
  | { readonly kind: 'secondsPerLoop'; readonly seconds: number }
  | { readonly kind: 'slotsPerHour'; readonly slots: number };

/** What a filling reads of a campaign. */
export interface FillCampaign {
  readonly id: string;
  readonly priority: Priority;
  readonly frequency: Frequency | null;
  /** Two plays of this campaign on one screen are at least this far apart (it lowers the frequency if need be). */
  readonly minGapSeconds: number | null;
}

/** What a filling reads of a donation. */
export interface FillDonation {
  readonly id: string;
  readonly amount: DonationAmount;
  /** At most this many donated plays per screen per local day (counted where the plan is read: SchedulePlan.days); capped donations are filled first. */
  readonly maxPlaysPerDay: number | null;
}

/** A creative a campaign or filler may play now, with the slots it takes. */
export interface Candidate {
  readonly creativeId: string;
  readonly kind: CreativeKind;
  readonly weight: number;
  /** Slots it wants: its length (clips) or show time (images) rounded up to whole slots. */
  readonly slots: number;
}

export interface ActiveCampaign {
  readonly campaign: FillCampaign;
  readonly candidates: readonly Candidate[];
  /**
   * Its cues as fillings ask for them: by donation id ('' for the screen's own airtime), one per
   * candidate, kept with the form rather than made and numbered again for each filled period (a
   * carrier rarely plays twice in an hour of a donation, so nearly every donated play was its
   * period's first of its cue).
   */
  readonly cues: Map<string, readonly FormCue[]>;
  /** The cues of the donation it last played for ('' for its own airtime): a carrier plays many times in a row for one. */
  readonly recent: { donationId: string | undefined; cues: readonly FormCue[] | undefined };
  /** The slots each candidate takes, the fewest (whether anything of it fits) and the most (where all fit). */
  readonly slots: readonly number[];
  readonly fewest: number;
  readonly most: number;
  /** Its weight as a carrier in donated airtime: its heaviest creative's (at least 1). */
  readonly heaviest: number;
  /** Where in the period its frequency's plays start (phaseOf its id). */
  readonly phase: number;
  /** Its creatives' turns, as the filling that last read it left them (see rotatingOf). */
  readonly turns: { filling: number; readonly rotation: Rotation<Candidate> };
  /** The loops too near its campaign's plays (by id) for its minimum gap, while a filling runs (see tooClose). */
  readonly gap: { filling: number; near: Uint8Array | null };
}

/**
 * A campaign as fillings read it, with what they work out of it made once: a form is read by
 * thousands of fillings, and making its rotation anew in each was a few objects for nearly every
 * donated play.
 */
export function activeCampaignOf(campaign: FillCampaign, candidates: readonly Candidate[]): ActiveCampaign {
  const slots = candidates.map((c) => c.slots);
  let heaviest = 1;
  for (const c of candidates) heaviest = Math.max(heaviest, c.weight);
  return {
    campaign,
    candidates,
    cues: new Map(),
    recent: { donationId: undefined, cues: undefined },
    slots,
    fewest: Math.min(...slots),
    most: Math.max(...slots),
    heaviest,
    phase: phaseOf(campaign.id),
    turns: { filling: -1, rotation: new Rotation(candidates, (c) => c.weight) },
    gap: { filling: -1, near: null },
  };
}

export interface ActiveDonation {
  readonly donation: FillDonation;
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
  /** Where each loop's plays start in `plays`, then their end; a play never crosses into the next loop. */
  readonly loopStarts: Int32Array;
  /** Per loop of the period: donated seconds nothing could fill, by donation id (absent: none). */
  readonly shortfall: ReadonlyMap<string, readonly number[]>;
  /** Per loop of the period: donated plays, by donation id, for caps (absent: none; fillDonations may leave out uncapped ones). */
  readonly donated: ReadonlyMap<string, readonly number[]>;
  /** The cues the plays' cue numbers stand for. */
  readonly cues: readonly PlanCue[];
  /** Each cue's number in the catalog (CueCatalog.numberOf), in the same order. */
  readonly cueNumbers: readonly number[];
}

/** Where fillings get their cues (a cache): one object per content, and a number for each. */
export interface CueCatalog {
  /** The one object for a cue's content, so periods' cues can be mapped by identity. */
  canonical(cue: PlanCue): PlanCue;
  /** The number of a cue `canonical` gave, the same each time it is asked. */
  numberOf(cue: PlanCue): number;
}

/**
 * A campaign form's cue with its number in the catalog, and its number in the period of the
 * filling that last numbered it.
 */
interface FormCue {
  readonly cue: PlanCue;
  readonly key: number;
  filling: number;
  number: number;
}

/** Makes a play of a pattern; a cache may hand out one shared tuple per distinct play. */
export type PlayOf = (offsetSeconds: number, lengthSeconds: number, cue: number) => PatternPlay;

const newPlay: PlayOf = (offset, length, cue) => [offset, length, cue];

/** A play placed in a loop while a period is filled; recycled by the next filling (see `scratch`). */
interface Placed {
  slots: number;
  cue: number;
  creativeId: string | null;
  /**
   * Where in the loop it wants to be, 0…1, or ANYWHERE (spread among the rest). A number either
   * way: a field that may hold null keeps each fraction as an object of its own, one per play.
   */
  position: number;
  order: number;
  /** Its place in the loop, 0…1, once the loop is arranged. */
  at: number;
}

/** A placed play's position when it may go anywhere in its loop. */
const ANYWHERE = -1;

interface LoopState {
  free: number;
  /** Its plays are plays[0 … count): the list keeps its room from filling to filling. */
  readonly plays: Placed[];
  count: number;
}

/**
 * The loops and placed plays of the filling under way, kept for the next: a network's fillings
 * place tens of millions of plays, and made anew each time they were most of what the garbage
 * collector had to sweep. Nothing of them leaves fillAirtime (the pattern's plays are tuples).
 */
const scratch = { loops: [] as LoopState[], placed: [] as Placed[], used: 0 };

function loopsFor(count: number, slotsPerLoop: number): LoopState[] {
  while (scratch.loops.length < count) scratch.loops.push({ free: 0, plays: [], count: 0 });
  const loops = scratch.loops.slice(0, count);
  for (const loop of loops) {
    loop.free = slotsPerLoop;
    // not plays.length = 0: that gives the list's room back, and each filling grew it again
    loop.count = 0;
  }
  scratch.used = 0;
  return loops;
}

function placedOf(slots: number, cue: number, creativeId: string | null, position: number, order: number): Placed {
  let placed = scratch.placed[scratch.used];
  if (placed === undefined) {
    placed = { slots, cue, creativeId, position, order, at: 0 };
    scratch.placed.push(placed);
  } else {
    placed.slots = slots;
    placed.cue = cue;
    placed.creativeId = creativeId;
    placed.position = position;
    placed.order = order;
    placed.at = 0;
  }
  scratch.used++;
  return placed;
}

const PRIORITY_ORDER: readonly Priority[] = ['emergency', 'campaign', 'filler'];
const MAX_PERIOD_HOURS = 24;

/** Plays per hour a frequency asks for. */
export function hourlyRate(frequency: Frequency): number {
  return frequency.kind === 'every' ? 60 / frequency.minutes : frequency.plays;
}

/**
 * The shortest whole number of hours over which every rate gives whole plays (every 45 minutes:
 * 3 hours, 4 plays), so a pattern repeats exactly. When no period up to a day does (every 150
 * minutes beside every 7: 35 hours), the one whose rounding strays least per hour: rounding per
 * hour instead would give "every 150 minutes" no play at all.
 */
export function periodHours(rates: readonly number[]): number {
  // loops, not every(): a closure per hour tried, for every period of a network
  for (let hours = 1; hours <= MAX_PERIOD_HOURS; hours++) {
    let whole = true;
    for (let i = 0; i < rates.length && whole; i++) {
      whole = Math.abs(rates[i] * hours - Math.round(rates[i] * hours)) < 1e-9;
    }
    if (whole) return hours;
  }
  let best = 1;
  let bestStray = Infinity;
  for (let hours = 1; hours <= MAX_PERIOD_HOURS; hours++) {
    let stray = 0;
    for (const r of rates) stray = Math.max(stray, Math.abs(r * hours - Math.max(1, Math.round(r * hours))) / hours);
    if (stray < bestStray - 1e-12) {
      best = hours;
      bestStray = stray;
    }
  }
  return best;
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
  private readonly weights: number[];
  private readonly total: number;

  constructor(
    private readonly items: readonly T[],
    weightOf: (item: T) => number,
  ) {
    this.current = items.map(() => 0);
    this.weights = items.map(weightOf);
    this.total = this.weights.reduce((sum, weight) => sum + weight, 0);
  }

  get size(): number {
    return this.items.length;
  }

  /** Back to where it began: every item's turn as before its first pick. */
  restart(): void {
    this.current.fill(0);
  }

  next(): T {
    let best = 0;
    for (let i = 0; i < this.items.length; i++) {
      this.current[i] += this.weights[i];
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
    const index = this.pick((i) => accept(this.items[i]));
    return index < 0 ? null : this.items[index];
  }

  /**
   * nextWhere for the test a period's filling asks millions of times, "does item i fit in `room`
   * slots", as arithmetic: the index of the next item whose size is at most `room`, or -1. A caller
   * that knows the largest size says so: where everything fits, one pass over the items does
   * (donated airtime rotates among dozens of carriers, for every play).
   */
  nextWithin(room: number, sizes: ArrayLike<number>, largest = Infinity): number {
    const { current, weights } = this;
    if (room >= largest && weights.length > 0) {
      let top = 0;
      for (let i = 0; i < weights.length; i++) {
        current[i] += weights[i];
        if (current[i] > current[top]) top = i;
      }
      current[top] -= this.total;
      return top;
    }
    // one pass: those that fit take their weight as they are met, and the best is the first of the
    // highest after it (as pick compares before it); nothing changes when none fits
    let best = -1;
    let total = 0;
    for (let i = 0; i < weights.length; i++) {
      if (sizes[i] > room) continue;
      current[i] += weights[i];
      total += weights[i];
      if (best < 0 || current[i] > current[best]) best = i;
    }
    if (best < 0) return -1;
    current[best] -= total;
    return best;
  }

  private pick(accept: (index: number) => boolean): number {
    const { current, weights } = this;
    let best = -1;
    let total = 0;
    for (let i = 0; i < weights.length; i++) {
      if (!accept(i)) continue;
      total += weights[i];
      if (best < 0 || current[i] + weights[i] > current[best] + weights[best]) best = i;
    }
    if (best < 0) return -1;
    for (let i = 0; i < weights.length; i++) if (accept(i)) current[i] += weights[i];
    current[best] -= total;
    return best;
  }
}

/** Counts fillings: a form's turns belong to the filling whose number they carry. */
let fillings = 0;

/**
 * How long the period is that a filling of this active set fills: whole hours over which every
 * frequency and donated share gives whole plays, long enough for the longest minimum gap.
 */
export function fillPeriodSeconds(policy: LoopPolicy, active: ActiveSet): number {
  const rates = periodRates;
  rates.length = 0;
  // each rate once: periodHours reads the set, and campaigns share a few rates (every 15 minutes).
  // No closure to add them: one would be made at every call, for every period of a network
  for (const a of active.own) {
    if (a.campaign.frequency === null) continue;
    const rate = hourlyRate(a.campaign.frequency);
    if (!rates.includes(rate)) rates.push(rate);
  }
  for (const d of active.donations) {
    const rate = donatedSlotsPerHour(d.donation, policy);
    if (!rates.includes(rate)) rates.push(rate);
  }
  return withinGaps(periodHours(rates), active.own) * 3600;
}

/** fillPeriodSeconds' rates, kept between calls (every period of a network asks). */
const periodRates: number[] = [];

/**
 * Fills one period of a screen's loops: who gets which slots, in priority order, then the order
 * inside each loop. Deterministic: the same active set always gives the same plays.
 *
 * 1. campaigns of class `emergency` in the screen's own airtime (frequency first, then fill);
 * 2. donated airtime, filled with the campaigns the donation carries, never beyond it;
 * 3. class `campaign`, 4. class `filler`, each with frequencies first and then as often as room allows;
 * 5. the screen's default content, so nothing is black while filler exists.
 */
export function fillAirtime(
  policy: LoopPolicy,
  active: ActiveSet,
  catalog: CueCatalog,
  playOf: PlayOf = newPlay,
): Airtime {
  return fill(policy, active, catalog, playOf, false);
}

/** What a filling gives to donations: their plays and shortfalls per loop (what plans count daily caps and record shortfalls by). */
export type DonatedAirtime = Pick<Airtime, 'periodSeconds' | 'shortfall' | 'donated'>;

/**
 * The donations' part of fillAirtime, exactly as it gives it, without the rest: donated slots
 * are filled before any but class emergency, so what comes after cannot change them. What a plan
 * that leaves its periods to their filling still works out as it is made. Its plays per loop are
 * those of the capped donations (what daily caps are counted by); the others may be left out.
 * Capped donations are placed before the others, so with only them in `active` (and the whole
 * set's period) their plays are the same.
 */
export function fillDonations(
  policy: LoopPolicy,
  active: ActiveSet,
  catalog: CueCatalog,
  periodSeconds = fillPeriodSeconds(policy, active),
): DonatedAirtime {
  return fill(policy, active, catalog, newPlay, true, periodSeconds);
}

/**
 * The order donated airtime is filled in: capped donations first (their plays are counted as
 * plans are made, and so placed before anything else can change them), then by id.
 */
function placementOrder(x: ActiveDonation, y: ActiveDonation): number {
  const capped = Number(y.donation.maxPlaysPerDay !== null) - Number(x.donation.maxPlaysPerDay !== null);
  return capped || x.donation.id.localeCompare(y.donation.id);
}

/**
 * Which donations, in their order, fillDonations may count without placing their plays, as
 * placing them would give what is counted just the same (millions of plays over a network).
 * One is if its carriers take every slot it reserves (so what it leaves free is known), its plays
 * are not counted or each takes one slot (a capped donation's plays are counted), and none of its
 * carriers that could leave a trace on a later donation it places is one that donation reads:
 * only a carrier whose creatives take more than a slot (its turn among them decides how many
 * slots the next play takes) or that keeps a minimum gap (its plays rule loops out) leaves one.
 */
function countedWithoutPlacing(order: readonly ActiveDonation[]): boolean[] {
  const counted = new Array<boolean>(order.length);
  // the campaigns that leave a trace, of the donations placed after the one looked at
  const readLater = new Set<string>();
  for (let k = order.length - 1; k >= 0; k--) {
    const d = order[k];
    let place = !takesEverySlot(d);
    for (let i = 0; i < d.fillers.length && !place; i++) {
      const a = d.fillers[i];
      if (leavesTrace(a)) place = d.donation.maxPlaysPerDay !== null || readLater.has(a.campaign.id);
    }
    counted[k] = !place;
    if (place) for (const a of d.fillers) if (leavesTrace(a)) readLater.add(a.campaign.id);
  }
  return counted;
}

/** Whether a carrier's plays in one donation can change what another gets: see countedWithoutPlacing. */
function leavesTrace(a: ActiveCampaign): boolean {
  return a.most > 1 || !!a.campaign.minGapSeconds;
}

/**
 * Whether a donation's carriers take every slot it reserves, whatever they pick: one of them
 * plays in a single slot and keeps no minimum gap, so the rotation always finds one that fits
 * what is left (a donation without carriers takes none).
 */
function takesEverySlot(d: ActiveDonation): boolean {
  for (const a of d.fillers) if (a.fewest === 1 && !a.campaign.minGapSeconds) return true;
  return d.fillers.length === 0;
}

function fill(
  policy: LoopPolicy,
  active: ActiveSet,
  catalog: CueCatalog,
  playOf: PlayOf,
  donationsOnly: boolean,
  periodSeconds = fillPeriodSeconds(policy, active),
): Airtime {
  const slotsPerLoop = policy.loopSeconds / policy.slotSeconds;
  const hours = periodSeconds / 3600;
  const loops = periodSeconds / policy.loopSeconds;
  const state = loopsFor(loops, slotsPerLoop);
  let order = 0;
  const place = (loop: number, slots: number, cue: number, creativeId: string | null, position: number) => {
    const at = state[loop];
    at.free -= slots;
    at.plays[at.count++] = placedOf(slots, cue, creativeId, position, order++);
  };
  /** The campaign's creatives in turn, from their first turn in each filling. */
  const filling = ++fillings;
  const rotatingOf = (a: ActiveCampaign): Rotation<Candidate> => {
    const { turns } = a;
    if (turns.filling !== filling) {
      turns.filling = filling;
      turns.rotation.restart();
    }
    return turns.rotation;
  };
  /** The period's cues, numbered as plays first ask for them, and their numbers in the catalog. */
  const cues: PlanCue[] = [];
  const cueNumbers: number[] = [];
  const cueOfCandidate = (a: ActiveCampaign, index: number, donationId: string | null): number => {
    const key = donationId ?? '';
    const { recent } = a;
    let known = recent.donationId === key ? recent.cues : undefined;
    if (!known) {
      known = a.cues.get(key) ?? formCuesOf(a, donationId, catalog);
      recent.donationId = key;
      recent.cues = known;
    }
    // the first time in this filling: the next number (no other form has this cue, and no filler)
    const formCue = known[index];
    if (formCue.filling !== filling) {
      formCue.filling = filling;
      formCue.number = cues.push(formCue.cue) - 1;
      cueNumbers.push(formCue.key);
    }
    return formCue.number;
  };
  /** Places the campaign's next creative that fits in `room` of the loop's slots; false when none does. */
  const placeNext = (a: ActiveCampaign, loop: number, room: number, donationId: string | null, position: number) => {
    const index = rotatingOf(a).nextWithin(room, a.slots, a.most);
    if (index < 0) return false;
    const candidate = a.candidates[index];
    if (donationsOnly) {
      // only what the loop has left and how many plays it holds are read: no play, no cue
      state[loop].free -= candidate.slots;
      state[loop].count++;
      return true;
    }
    place(loop, candidate.slots, cueOfCandidate(a, index, donationId), candidate.creativeId, position);
    return true;
  };
  /**
   * How many loops apart two plays of a campaign with a minimum gap must be, wherever in their
   * loops they fall (the first at a loop's end, the next at a loop's start), or 0 without one.
   */
  const gapLoops = (a: ActiveCampaign) =>
    a.campaign.minGapSeconds
      ? Math.max(0, Math.ceil((a.campaign.minGapSeconds - policy.slotSeconds) / policy.loopSeconds)) + 1
      : 0;
  /** Plays a campaign may have in one period, after its minimum gap (the period repeats: its last play is followed by its first). */
  const gapLimit = (a: ActiveCampaign) => {
    const apart = gapLoops(a);
    return apart > 0 ? Math.max(1, Math.floor(loops / apart)) : Infinity;
  };
  /**
   * The loops of the period where each campaign with a minimum gap may not play (one of its plays
   * is too near), by id: in its own airtime and in donated airtime alike (the gap is the
   * campaign's, wherever it plays). Marked when it plays, so asking costs one look: fillings ask
   * for every carrier at every loop, and going through the plays so far each time added up.
   */
  const nearByCampaign = new Map<string, Uint8Array>();
  // the forms that took marks in this filling: they let go of them when it ends (forms are kept)
  const marked: ActiveCampaign[] = [];
  const nearOf = (a: ActiveCampaign): Uint8Array => {
    const { gap } = a;
    if (gap.filling !== filling) {
      let near = nearByCampaign.get(a.campaign.id);
      if (!near) nearByCampaign.set(a.campaign.id, (near = new Uint8Array(loops)));
      gap.filling = filling;
      gap.near = near;
      marked.push(a);
    }
    return gap.near!;
  };
  const tooClose = (a: ActiveCampaign, loop: number) => !!a.campaign.minGapSeconds && nearOf(a)[loop] === 1;
  const played = (a: ActiveCampaign, loop: number) => {
    if (!a.campaign.minGapSeconds) return;
    const near = nearOf(a);
    // the loops less than `apart` away, the period wrapping round (its last loop is followed by its first)
    const apart = gapLoops(a);
    if (2 * apart - 1 >= loops) near.fill(1);
    else for (let k = 1 - apart; k < apart; k++) near[(loop + k + loops) % loops] = 1;
  };

  const placeFrequencies = (campaigns: readonly ActiveCampaign[]) => {
    // all the class's plays in the order of the time they aim at (then by campaign id): scarce
    // airtime is shared, not first come. Each campaign's plays aim at times in order, so their
    // lists are merged (a few campaigns of a few plays, in every filling: no list of them is made)
    const n = campaigns.length;
    const counts = new Array<number>(n);
    const taken = new Array<number>(n);
    // the time each campaign's next play aims at (Infinity once all are placed)
    const heads = new Array<number>(n);
    const headOf = (i: number) =>
      taken[i] < counts[i] ? ((taken[i] + campaigns[i].phase) * loops) / counts[i] : Infinity;
    for (let i = 0; i < n; i++) {
      const a = campaigns[i];
      // never more than the period has slots (an absurd rate must not loop for ever)
      // a campaign with a frequency plays at least once a period (its rate may be below one a period)
      const asked = Math.max(1, Math.round(hourlyRate(a.campaign.frequency!) * hours));
      counts[i] = Math.min(asked, gapLimit(a), loops * slotsPerLoop);
      taken[i] = 0;
      heads[i] = headOf(i);
    }
    for (;;) {
      let next = -1;
      let target = Infinity;
      for (let i = 0; i < n; i++) {
        const t = heads[i];
        if (
          t < target ||
          (t === target && t !== Infinity && campaigns[i].campaign.id.localeCompare(campaigns[next].campaign.id) < 0)
        ) {
          next = i;
          target = t;
        }
      }
      if (next < 0) break;
      taken[next]++;
      heads[next] = headOf(next);
      const a = campaigns[next];
      const first = Math.floor(target) % loops;
      const { fewest } = a;
      for (let step = 0; step < loops; step++) {
        const loop = (first + step) % loops;
        if (state[loop].free < fewest || tooClose(a, loop)) continue;
        // the campaign's next creative that fits here: a long clip does not lose the play
        if (placeNext(a, loop, state[loop].free, null, step === 0 ? target - Math.floor(target) : ANYWHERE)) {
          played(a, loop);
          break;
        }
      }
    }
  };

  const placeFill = (campaigns: readonly ActiveCampaign[]) => {
    if (campaigns.length === 0) return;
    const rotation = new Rotation(campaigns, () => 1);
    const left = campaigns.map(gapLimit);
    // what a campaign needs to be picked: room for its smallest creative, while its gap allows plays
    const needs = campaigns.map((a, i) => (left[i] > 0 ? a.fewest : Infinity));
    const gapped = gappedOf(campaigns);
    for (let loop = 0; loop < loops; loop++) {
      // a campaign with a minimum gap: once a loop at most, and not while its last play is too near
      for (const i of gapped) {
        needs[i] = left[i] > 0 && !tooClose(campaigns[i], loop) ? campaigns[i].fewest : Infinity;
      }
      for (;;) {
        const index = rotation.nextWithin(state[loop].free, needs);
        if (index < 0) break;
        placeNext(campaigns[index], loop, state[loop].free, null, ANYWHERE);
        played(campaigns[index], loop);
        if (--left[index] <= 0 || campaigns[index].campaign.minGapSeconds) needs[index] = Infinity;
      }
    }
  };

  const shortfall = new Map<string, number[]>();
  const donated = new Map<string, number[]>();
  const placeDonations = () => {
    const order = [...active.donations].sort(placementOrder);
    const counting = donationsOnly ? countedWithoutPlacing(order) : null;
    for (let k = 0; k < order.length; k++) {
      const d = order[k];
      // "N slots an hour" is given in runs its smallest carrier fits in (a 15 s clip takes two 10 s slots)
      let unit = Infinity;
      for (const a of d.fillers) unit = Math.min(unit, a.fewest);
      const { slots: reserved, phase } = keptReservedSlots(
        d.donation,
        policy,
        loops,
        hours,
        Number.isFinite(unit) ? unit : 1,
      );
      // written into lists kept from filling to filling; a donation keeps its own only where it is not all zeros
      const missing = donationScratch.missing;
      const plays = donationScratch.plays;
      if (counting?.[k]) {
        // it takes all it reserves of what is free, one play a slot where it is counted
        for (let loop = 0; loop < loops; loop++) {
          const taken = d.fillers.length > 0 ? Math.min(reserved[loop], state[loop].free) : 0;
          state[loop].free -= taken;
          missing[loop] = (reserved[loop] - taken) * policy.slotSeconds;
          plays[loop] = taken;
        }
        keepIfAny(shortfall, d.donation.id, missing, loops);
        if (d.donation.maxPlaysPerDay !== null) keepIfAny(donated, d.donation.id, plays, loops);
        continue;
      }
      const rotation = new Rotation(d.fillers, (a) => a.heaviest);
      const fewest = d.fillers.map((a) => a.fewest);
      const needs = [...fewest];
      // a carrier with a minimum gap: once a loop at most, and not while its last play is too near
      const gapped = gappedOf(d.fillers);
      // where everything fits, one pass picks (never while a carrier's gap may rule it out)
      const largestNeed = gapped.length > 0 ? Infinity : Math.max(0, ...fewest);
      for (let loop = 0; loop < loops; loop++) {
        const want = Math.min(reserved[loop], state[loop].free);
        for (const i of gapped) needs[i] = tooClose(d.fillers[i], loop) ? Infinity : fewest[i];
        // the donated slots are filled first and then given their places in the loop
        const before = state[loop].count;
        const freeBefore = state[loop].free;
        const stop = freeBefore - want;
        while (state[loop].free > stop) {
          const index = rotation.nextWithin(state[loop].free - stop, needs, largestNeed);
          if (index < 0) break;
          const carrier = d.fillers[index];
          placeNext(carrier, loop, state[loop].free - stop, d.donation.id, ANYWHERE);
          if (carrier.campaign.minGapSeconds) {
            played(carrier, loop);
            needs[index] = Infinity;
          }
        }
        const count = state[loop].count - before;
        if (!donationsOnly) {
          for (let m = 0; m < count; m++) state[loop].plays[before + m].position = (m + phase) / Math.max(1, count);
        }
        plays[loop] = count;
        // what nothing could fill goes back to the screen's own content, and is recorded
        missing[loop] = (reserved[loop] - (freeBefore - state[loop].free)) * policy.slotSeconds;
      }
      keepIfAny(shortfall, d.donation.id, missing, loops);
      keepIfAny(donated, d.donation.id, plays, loops);
    }
  };

  const byClass = (priority: Priority) => active.own.filter((a) => a.campaign.priority === priority);
  for (const priority of PRIORITY_ORDER) {
    const campaigns = byClass(priority);
    placeFrequencies(campaigns.filter((a) => a.campaign.frequency !== null));
    if (priority === 'emergency') {
      placeFill(campaigns.filter((a) => a.campaign.frequency === null));
      placeDonations();
      if (donationsOnly) {
        for (const a of marked) a.gap.near = null;
        return { periodSeconds, plays: [], loopStarts: new Int32Array(0), shortfall, donated, cues, cueNumbers };
      }
    } else {
      placeFill(campaigns.filter((a) => a.campaign.frequency === null));
    }
  }
  placeFiller(
    state,
    active.filler,
    (cue) => {
      const canonical = catalog.canonical(cue);
      cueNumbers.push(catalog.numberOf(canonical));
      return cues.push(canonical) - 1;
    },
    place,
  );

  for (const a of marked) a.gap.near = null;
  return { periodSeconds, ...arrange(state, policy, playOf), shortfall, donated, cues, cueNumbers };
}

/** A form's cues for a donation (null: its own airtime), one per candidate, made once and kept with it. */
function formCuesOf(a: ActiveCampaign, donationId: string | null, catalog: CueCatalog): readonly FormCue[] {
  // a creative the campaign lists twice is one cue. Made at its size: forms keep hundreds of
  // thousands of these lists, and one grown by push holds room for 17 cues
  const known = new Array<FormCue>(a.candidates.length);
  a.candidates.forEach(({ creativeId }, i) => {
    const twice = a.candidates.findIndex((other) => other.creativeId === creativeId);
    if (twice < i) {
      known[i] = known[twice];
      return;
    }
    const cue = catalog.canonical({
      creativeId,
      message: null,
      reason: donationId === null ? 'campaign' : 'donation',
      campaignId: a.campaign.id,
      donationId,
      emergencyId: null,
      entryId: null,
    });
    known[i] = { cue, key: catalog.numberOf(cue), filling: -1, number: -1 };
  });
  a.cues.set(donationId ?? '', known);
  return known;
}

/**
 * The period, made long enough for the longest minimum gap among the campaigns (a whole multiple
 * of what the rates need, at most a day): a pattern repeats, so a campaign kept two hours apart
 * cannot play in a period of one.
 */
function withinGaps(hours: number, campaigns: readonly ActiveCampaign[]): number {
  let longest = 0;
  for (const a of campaigns) longest = Math.max(longest, a.campaign.minGapSeconds ?? 0);
  if (longest <= hours * 3600) return hours;
  const times = Math.ceil(longest / (hours * 3600));
  return hours * times <= MAX_PERIOD_HOURS ? hours * times : hours * Math.floor(MAX_PERIOD_HOURS / hours);
}

/** Which of the campaigns keep a minimum gap, by index (a loop, not flatMap: donations carry hundreds of campaigns). */
function gappedOf(campaigns: readonly ActiveCampaign[]): number[] {
  const gapped: number[] = [];
  for (let i = 0; i < campaigns.length; i++) if (campaigns[i].campaign.minGapSeconds) gapped.push(i);
  return gapped;
}

/** Per-loop lists a donation's filling writes into, kept between fillings (see keepIfAny). */
const donationScratch = { missing: [] as number[], plays: [] as number[] };

/**
 * Keeps a copy of the list's first `loops` numbers by `id` when any is not zero: a filled period
 * reads an absent list as zeros, and most donations miss nothing (a list made for each of them, in
 * every period, was a good part of what planning left to the garbage collector).
 */
function keepIfAny(into: Map<string, number[]>, id: string, list: readonly number[], loops: number): void {
  for (let loop = 0; loop < loops; loop++) {
    if (list[loop] !== 0) {
      into.set(id, list.slice(0, loops));
      return;
    }
  }
}

/**
 * The slots an hour a donation gives on screens of this policy. "X seconds in every loop" is a
 * share of the loop: on slots that do not divide X (7 s of 10 s slots, 10 s of 15 s slots) it is
 * the same share in whole slots over several loops, not the slots X fills whole (none, for 7 s).
 */
export function donatedSlotsPerHour(donation: FillDonation, policy: LoopPolicy): number {
  if (donation.amount.kind === 'slotsPerHour') return donation.amount.slots;
  const perLoop = Math.min(policy.loopSeconds, donation.amount.seconds) / policy.slotSeconds;
  return (perLoop * 3600) / policy.loopSeconds;
}

/**
 * Slots a donation reserves in each loop of the period: its slots an hour spread evenly over the
 * loops (a whole number of slots a loop is the same in every loop), in runs of `unit` slots (the
 * fewest its carriers can use) with what is left over spread the same way (reserved, so what
 * nothing fits there is recorded as the shortfall).
 */
export function reservedSlots(
  donation: FillDonation,
  policy: LoopPolicy,
  loops: number,
  hours: number,
  unit = 1,
): number[] {
  const perLoop = policy.loopSeconds / policy.slotSeconds;
  const total = Math.round(donatedSlotsPerHour(donation, policy) * hours);
  const runs = Math.floor(total / unit);
  const rest = total - runs * unit;
  const phase = phaseOf(donation.id);
  // Bresenham: loop i gets the whole runs its share reaches, so no hour is more than one run off
  const share = (count: number, i: number) =>
    Math.floor(((i + 1) * count) / loops + phase) - Math.floor((i * count) / loops + phase);
  const slots = new Array<number>(loops);
  if (runs > Math.floor(perLoop / unit) * loops) {
    // more runs than the loops hold (12 slots a loop of 5-slot clips hold two): every slot asked
    // is reserved, and what the clips cannot use is recorded as the shortfall
    for (let i = 0; i < loops; i++) slots[i] = Math.min(perLoop, share(total, i));
    return slots;
  }
  for (let i = 0; i < loops; i++) slots[i] = Math.min(perLoop, share(runs, i) * unit + share(rest, i));
  return slots;
}

/** A donation's reserved slots by loop for one kind of period, and its phase. */
interface KeptReserved {
  readonly slots: readonly number[];
  readonly phase: number;
}

/** reservedSlots kept by donation and period, with the donation's phase: every filling of its screens asks for them. */
const reservedByDonation = new WeakMap<FillDonation, Map<number, KeptReserved>>();

function keptReservedSlots(
  donation: FillDonation,
  policy: LoopPolicy,
  loops: number,
  hours: number,
  unit: number,
): KeptReserved {
  let byPeriod = reservedByDonation.get(donation);
  if (!byPeriod) reservedByDonation.set(donation, (byPeriod = new Map<number, KeptReserved>()));
  // one number (a string made for every donation of every period was garbage): the hours follow
  // from the loops, and each part is below the next one's factor (a slot or loop ≤ 3600 s, a day's loops ≤ 86,400)
  const key = ((policy.loopSeconds * 3601 + policy.slotSeconds) * 86_401 + loops) * 3601 + unit;
  let found = byPeriod.get(key);
  if (!found) {
    found = { slots: reservedSlots(donation, policy, loops, hours, unit), phase: phaseOf(donation.id) };
    byPeriod.set(key, found);
  }
  return found;
}

/** The cue of a default content entry's plays. */
function fillerCueOf(f: ActiveFiller): PlanCue {
  return {
    creativeId: f.candidate.creativeId,
    message: null,
    reason: 'filler',
    campaignId: null,
    donationId: null,
    emergencyId: null,
    entryId: f.entryId,
  };
}

function placeFiller(
  state: LoopState[],
  filler: readonly ActiveFiller[],
  cueOf: (cue: PlanCue) => number,
  place: (loop: number, slots: number, cue: number, creativeId: string | null, position: number) => void,
): void {
  if (filler.length === 0) return;
  // a cue each: the entries are distinct, and an entry's cue names it
  const cues = filler.map((f) => cueOf(fillerCueOf(f)));
  let next = 0;
  for (let loop = 0; loop < state.length; loop++) {
    while (state[loop].free > 0) {
      let placed = false;
      for (let tries = 0; tries < filler.length && !placed; tries++) {
        const index = next;
        next = (next + 1) % filler.length;
        const { candidate } = filler[index];
        const free = state[loop].free;
        // a poster can show for less than it asked, to fill the loop; a clip plays whole where one fits
        const slots = candidate.kind === 'image' ? Math.min(candidate.slots, free) : candidate.slots;
        if (slots > free) continue;
        place(loop, slots, cues[index], candidate.creativeId, ANYWHERE);
        placed = true;
      }
      if (!placed) {
        // only clips, none short enough: the next one plays for what is left, rather than a black screen
        const index = next;
        next = (next + 1) % filler.length;
        place(loop, state[loop].free, cues[index], filler[index].candidate.creativeId, ANYWHERE);
      }
    }
  }
}

/**
 * Orders each loop: plays that aim at a moment keep their place, the rest spread between them;
 * then the same creative is never shown twice in a row where something else can go between.
 */
function arrange(
  state: readonly LoopState[],
  policy: LoopPolicy,
  playOf: PlayOf,
): { plays: PatternPlay[]; loopStarts: Int32Array } {
  for (const loop of state) {
    const { plays: ordered, count } = loop;
    let looseCount = 0;
    for (let i = 0; i < count; i++) if (ordered[i].position === ANYWHERE) looseCount++;
    let loose = 0;
    for (let i = 0; i < count; i++) {
      const p = ordered[i];
      p.at = p.position === ANYWHERE ? (loose++ + 0.5) / looseCount : p.position;
    }
    // insertion sort: a loop holds a few dozen plays at most, mostly in order already
    for (let i = 1; i < count; i++) {
      const play = ordered[i];
      let j = i - 1;
      while (j >= 0 && (ordered[j].at > play.at || (ordered[j].at === play.at && ordered[j].order > play.order))) {
        ordered[j + 1] = ordered[j];
        j--;
      }
      ordered[j + 1] = play;
    }
  }
  // each loop spread after the one before it, and the first after the last: the period repeats.
  // The last loop's end is known only once it is spread, so the loops whose start it changes are
  // spread again (rarely more than the first), at most a few rounds.
  const lastOf = (plays: readonly Placed[], count: number, before: string | null) =>
    count > 0 ? plays[count - 1].creativeId : before;
  // each loop's order is orders[index][0 … its count)
  const orders: (readonly Placed[])[] = new Array<readonly Placed[]>(state.length);
  const after: (string | null)[] = new Array<string | null>(state.length);
  const last = state.length - 1;
  let start = lastCreativeOf(state[last]);
  for (let round = 0; round < 3; round++) {
    let previous = start;
    for (let index = 0; index < state.length; index++) {
      // the same loop after the same creative: it and every loop after it stay as they were
      if (round > 0 && after[index] === previous) break;
      after[index] = previous;
      orders[index] = spread(state[index].plays, previous, state[index].count);
      previous = lastOf(orders[index], state[index].count, previous);
    }
    const end = lastOf(orders[last], state[last].count, after[last]);
    if (end === start) break;
    start = end;
  }
  // made at its size: periods are kept by the hundred thousand, and a list grown play by play
  // holds up to half as much again in room it never uses
  const loopStarts = new Int32Array(orders.length + 1);
  for (let index = 0; index < orders.length; index++) loopStarts[index + 1] = loopStarts[index] + state[index].count;
  const out = new Array<PatternPlay>(loopStarts[orders.length]);
  let at = 0;
  for (let index = 0; index < orders.length; index++) {
    const ordered = orders[index];
    let offset = index * policy.loopSeconds;
    for (let k = 0; k < state[index].count; k++) {
      const play = ordered[k];
      out[at++] = playOf(offset, play.slots * policy.slotSeconds, play.cue);
      offset += play.slots * policy.slotSeconds;
    }
  }
  return { plays: out, loopStarts };
}

/**
 * The plays in their order as far as it goes, but never the same creative twice in a row (nor
 * after `previous`, the last of the loop before) where some order avoids it: each place takes
 * the first play after which the rest can still be spread. Of `plays`, the first `count` are
 * read, and of the list it gives, the first `count` are the order (it may be `plays` itself).
 */
export function spread<T extends { readonly creativeId: string | null }>(
  plays: readonly T[],
  previous: string | null,
  count = plays.length,
): readonly T[] {
  // no creative twice in a row, nor first after the loop before: the order as it is. Placing
  // below would give it too (each place takes the first play after which the rest can still be
  // spread, and the rest in order is such a spread), at the cost of a pass over the plays per place.
  let repeats = count > 0 && plays[0].creativeId !== null && plays[0].creativeId === previous;
  for (let i = 1; i < count && !repeats; i++) {
    const id = plays[i].creativeId;
    if (id !== null && id === plays[i - 1].creativeId) repeats = true;
  }
  if (!repeats) return plays;
  // creatives as numbers (-1: none), so each place weighs a candidate in constant time; a loop
  // holds a few dozen plays of a dozen creatives at most, so lists beat maps here. The lists are
  // kept between calls: a network's fillings order millions of loops.
  const n = count;
  const ids = spreadIds;
  ids.length = 0;
  if (spreadScratch.idOf.length < n) spreadScratch = scratchFor(n);
  const { idOf, counts, used } = spreadScratch;
  for (let i = 0; i < n; i++) {
    const creativeId = plays[i].creativeId;
    if (creativeId === null) {
      idOf[i] = -1;
      continue;
    }
    let c = ids.indexOf(creativeId);
    if (c < 0) c = ids.push(creativeId) - 1;
    idOf[i] = c;
  }
  const creatives = ids.length;
  counts.fill(0, 0, creatives);
  used.fill(0, 0, n);
  for (let i = 0; i < n; i++) if (idOf[i] >= 0) counts[idOf[i]]++;
  const previousId = previous === null ? -1 : ids.indexOf(previous);
  // across loops only where it costs nothing inside the loop
  let last = canSpread(counts, creatives, n, previousId) ? previousId : -1;
  const out: T[] = [];
  for (let placed = 0; placed < n; placed++) {
    // after this place, m plays are left: none may hold more than half of them (less after itself)
    const m = n - placed - 1;
    let top = -1;
    let topCount = 0;
    let second = 0;
    for (let c = 0; c < creatives; c++) {
      if (counts[c] > topCount) {
        second = topCount;
        topCount = counts[c];
        top = c;
      } else if (counts[c] > second) second = counts[c];
    }
    let pick = -1;
    for (let i = 0; i < n && pick < 0; i++) {
      if (used[i]) continue;
      const c = idOf[i];
      if (c >= 0 && c === last) continue;
      const others = c === top ? second : topCount;
      if (others <= Math.ceil(m / 2) && (c < 0 || counts[c] - 1 <= Math.floor(m / 2))) pick = i;
    }
    // no order avoids a repeat (one creative has more than half): the first that differs, if any
    for (let i = 0; i < n && pick < 0; i++) if (!used[i] && (idOf[i] < 0 || idOf[i] !== last)) pick = i;
    for (let i = 0; i < n && pick < 0; i++) if (!used[i]) pick = i;
    used[pick] = 1;
    const c = idOf[pick];
    if (c >= 0) counts[c]--;
    out.push(plays[pick]);
    last = c;
  }
  return out;
}

/** Whether `n` plays of the first `creatives` creatives (counts by number) can follow creative `last` with none twice in a row. */
function canSpread(counts: Int32Array, creatives: number, n: number, last: number): boolean {
  for (let c = 0; c < creatives; c++) {
    if (counts[c] > (c === last ? Math.floor(n / 2) : Math.ceil(n / 2))) return false;
  }
  return true;
}

/** spread's lists, for loops of up to as many plays as they hold (a loop has at most as many creatives as plays). */
function scratchFor(plays: number): { idOf: Int32Array; counts: Int32Array; used: Uint8Array } {
  const size = Math.max(64, plays);
  return { idOf: new Int32Array(size), counts: new Int32Array(size), used: new Uint8Array(size) };
}
let spreadScratch = scratchFor(64);
const spreadIds: string[] = [];

function lastCreativeOf(loop: LoopState): string | null {
  return loop.count > 0 ? loop.plays[loop.count - 1].creativeId : null;
}
