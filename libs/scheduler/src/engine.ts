import {
  type ActiveCampaign,
  activeCampaignOf,
  type ActiveDonation,
  type ActiveFiller,
  type ActiveSet,
  type Airtime,
  type Candidate,
  type CueCatalog,
  cueOfPlay,
  fillAirtime,
  type FillDonation,
  fillPeriodSeconds,
  type LoopSums,
  type OperatingWindow,
  type PatternPlay,
  type PlanCue,
  type PlanFill,
  type PlanForm,
  type PlanPattern,
  type PlanSegment,
  type PlanShortfall,
  type PlaysPattern,
  type SchedulePlan,
} from '@loa/protocol';
import { stableStringify } from '@loa/screens';
import {
  contains,
  type Interval,
  intersect,
  localMidnights,
  localWindows,
  normalise,
  roundInward,
  subtract,
} from './intervals.js';
import { ListTable, sameIds } from './list-table.js';
import { loopSums } from './loop-sums.js';
import { PlayTable } from './play-table.js';
import type {
  FillerEntry,
  Instant,
  LoopPolicy,
  ScheduleCampaign,
  ScheduleCreative,
  ScheduleDonation,
  ScheduleEmergency,
  ScheduleInput,
  ScheduleScreen,
} from './model.js';
import { Flags } from './flags.js';
import { campaignOwnsAirtime, donationCovers, emergencyCovers, fillerFor, fillsDonation } from './targeting.js';

/** A campaign in a plan: the flags of its times and of its creatives' validity. */
interface CampaignEntry {
  readonly campaign: ScheduleCampaign;
  /** What every plan under the same key reads of it (see PlanCache.campaignFacts). */
  readonly facts: CampaignFacts;
  readonly flag: number;
  readonly creativeFlags: readonly number[];
  /**
   * Its forms in this plan, by which creatives are valid (as bits, when it has 30 or fewer): the
   * first one asked for beside its bits (-1 before), the others in a map made when one comes
   * (most campaigns have one form: a map each was garbage in every plan).
   */
  firstMask: number;
  firstForm: ActiveForm | null;
  forms: Map<number, ActiveForm | null> | null;
  /** Its form at the cut the sweep is at, for the groups that hash it (see Together). */
  now: ActiveForm | null;
  /** The last sweep of followSwitches that took it. */
  sweep: number;
  readonly groups: Together[];
}

/**
 * What plans read of a campaign under one key (zone, loop length and window, slot length) and
 * one catalogue of creatives: its times, each of its creatives' validity, and its forms by which
 * creatives are valid (as bits, when it has 30 or fewer).
 */
interface CampaignFacts {
  /** The key's number (PlanCache.factsKey). */
  readonly key: number;
  readonly creatives: ReadonlyMap<string, ScheduleCreative>;
  readonly times: readonly Interval[];
  readonly creativeTimes: readonly (readonly Interval[])[];
  readonly forms: Map<number, ActiveForm | null>;
}

/** Facts kept per campaign, at most: a key each for the zones, loops and catalogues plans ask under. */
const MAX_CAMPAIGN_FACTS = 8;

/**
 * Campaigns a filling reads together, in their order: the screen's own, or one donation's carriers.
 * When their ids increase, the list of those active is the set of them in order, so a hash of the
 * set stands for it in the key of a filled period, kept up to date as the campaigns switch (a
 * donation carries hundreds of campaigns, and listing them at each new active set was most of a
 * kept plan's cost).
 */
interface Together {
  readonly entries: readonly CampaignEntry[];
  /** Whether it is hashed as a set by the carriers' content ids (else by the campaigns' own). */
  readonly carrier: boolean;
  readonly hashed: boolean;
  /** The hash of the content ids of the active ones: two words, xor of each one's. */
  high: number;
  low: number;
  /** The forms of the active ones as the filling of an active set last listed them (see activeSet), and that set's number. */
  listed: ActiveCampaign[];
  listedForms: ActiveForm[];
  /** The same forms by their content ids: what periods left to their filling keep (see PlanCache.campaignForm). */
  listedIds: Int32Array;
  listedFor: number;
  /** Whether a hashed group's campaigns switched since it was last listed (the pool's hundreds mostly do not). */
  switched: boolean;
}

/**
 * A campaign as a filling reads it, with two content ids: `id` for its own airtime (frequency,
 * gap and class count there), `carrierId` for donated airtime, which reads only its creatives
 * and its minimum gap. A frequency edit then leaves the periods where it only fills donations as
 * they were (in plans that fill their periods: one that leaves them to their filling names its
 * carriers whole, and keys them by `id`).
 */
interface ActiveForm extends Interned<ActiveCampaign> {
  readonly carrierId: number;
  /** What a plan says of it where it leaves a period to its filling (made when first asked). */
  wire?: PlanForm;
}

/** Why a loop policy cannot be used, or null. */
export function loopPolicyProblem(policy: LoopPolicy): string | null {
  const { loopSeconds: loop, slotSeconds: slot } = policy;
  if (!Number.isInteger(loop) || !Number.isInteger(slot) || loop <= 0 || slot <= 0) {
    return 'loop and slot lengths are whole seconds above zero';
  }
  if (3600 % loop !== 0) return 'the loop length must divide an hour (e.g. 60, 120, 300 s)';
  if (loop % slot !== 0) return 'the slot length must divide the loop length';
  return null;
}

/** Seconds a text message shows when the emergency says nothing. */
const MESSAGE_SECONDS = 15;

/**
 * A screen's plan for [from, to): every play, as a few repeating patterns over segments of time
 * in which nothing changes. Pure and deterministic: the same input gives the same plan.
 *
 * Loops run on a grid of whole loops from the Unix epoch, so they line up with the clock. A
 * campaign, donation, creative validity or the screen's hours take effect on the first whole loop
 * inside their window and stop at the last one (nothing plays outside its window); an emergency
 * takes over at its exact instant and, when it ends, the loop resumes where the clock is.
 */
export function planScreen(input: ScheduleInput, cache?: PlanCache): SchedulePlan {
  return overlayEmergencies(planLoops(input, cache), input, cache);
}

/** A filled period as plans share it; its per-loop counts leave out the donations with none (keptCounts). */
interface SharedAirtime extends Omit<Airtime, 'plays' | 'loopStarts' | 'cues' | 'cueNumbers' | 'shortfall'> {
  /** The cache's generation when a plan last used it: what pruning keeps. */
  usedIn: number;
  /** Its pattern in the plan that last took it, by that plan's number (SharedCueTable.plan): no map per plan. */
  planStamp: number;
  planPattern: number;
  /**
   * Per loop of the period: donated seconds nothing could fill, for the donations that missed
   * any. A list, read at every segment of every plan (a map's iterator was garbage each time).
   */
  readonly shortfall: readonly { readonly donationId: string; readonly perLoop: readonly number[] }[];
  /** The content ids of everything the filling read: what it is kept by. */
  readonly ids: Int32Array;
  /** Its cues, by their numbers in the cache (cueNumber): plans map them into their tables. */
  readonly cueNumbers: Int32Array;
  /** The shortest run of loops its plays repeat in: what goes on the wire. Null when it is left to its filling. */
  readonly repeat: { readonly periodSeconds: number; readonly plays: readonly PatternPlay[] } | null;
  /** What fills it, where plans leave it to its filling (see PlanCache.deferFillings); it then has no cues of its own. */
  readonly fill: DeferredFill | null;
}

/** A donation with the campaigns that may fill it (their forms' content ids), as a period keeps them. */
interface DonationPair {
  readonly donation: FillDonation;
  readonly carriers: Int32Array;
  /** The plan that last named it (by its cue table's number), and the [donation, carriers] it named it as. */
  planStamp: number;
  planTuple: readonly [number, number] | undefined;
}

/** What a filling left for later reads: the forms of its campaigns and default content, in its order. */
interface DeferredFill {
  /** Forms by their content ids (see PlanCache.campaignForm). */
  readonly own: Int32Array;
  readonly donations: readonly DonationPair[];
  readonly filler: readonly Interned<ActiveFiller>[];
  /** What the plan that last named it said of it: the next plan that numbers its forms alike says the same. */
  last: PlanFill | null;
}

/**
 * What plans of many screens share: local-time windows by zone, filled periods by loop policy
 * and everything the filling reads, and the forms campaigns and default content take in a
 * filling. All are pure functions of their keys, so a cache stays valid across edits; drop it
 * when it grows too big.
 */
export class PlanCache {
  /**
   * Whether plans leave their periods to be filled where the plays are needed (the player, a
   * preview): they name what fills each period (a FillPattern) instead of listing its plays, and
   * leave daily caps to be counted there too (SchedulePlan.days): what donations get is then
   * not worked out as plans are made.
   */
  readonly deferFillings: boolean;
  readonly windows = new Map<string, Interval[]>();
  /**
   * Filled periods by a hash of the content ids they read: two with one hash (rare) share a list,
   * and each keeps its ids to be told apart. Ids rather than a string of them: a key holds every
   * carrier of every donation, and building, hashing and comparing such strings for each active
   * set of each plan cost more than the rest of planning a screen.
   */
  private readonly airtimes = new Map<number, SharedAirtime[]>();
  private periodCount = 0;
  /** Campaign forms by content id (see campaignForm), and the marks plans leave on them (formMarks). */
  private readonly formsById: Interned<ActiveCampaign>[] = [];
  private marks = { stamps: new Int32Array(0), indices: new Int32Array(0) };
  /** Counts the changes the cache has lived through (KeptPlans.next). */
  generation = 0;
  /** Content ids: two with the same id have the same content, so keys of filled periods stay short. */
  private readonly ids = new Map<string, number>();
  private readonly donationIds = new WeakMap<ScheduleDonation, number>();
  private readonly cues = new Map<string, PlanCue>();
  private readonly cueNumbers = new Map<PlanCue, number>();
  /** The cues by their numbers: filled periods keep only the numbers (a list of cues each was 80 MB over a network). */
  private readonly cuesByNumber: PlanCue[] = [];
  private cueMarks = new CueMarks();
  /** Plans (cue tables) made so far. */
  private plans = 0;
  private readonly plays = new PlayTable();
  private readonly counts = new ListTable<readonly number[]>();
  /** Lists of numbers plans hold, by a hash of them, used in this generation and in the one before (see planList). */
  private planListsNow = new ListTable<readonly number[]>();
  private planListsBefore = new ListTable<readonly number[]>();
  /**
   * Campaign cues by campaign, creative and donation ('' for the screen's own airtime): a campaign
   * the public-service pool carries has a cue for each of hundreds of donations.
   */
  private readonly campaignCues = new Map<string, Map<string, Map<string, PlanCue[]>>>();
  /** By campaign (or playlist entry) object, then creatives table, then "slot length|valid creatives". */
  private readonly forms = new WeakMap<object, WeakMap<object, Map<string, Interned<unknown> | null>>>();
  private readonly factsByCampaign = new WeakMap<ScheduleCampaign, CampaignFacts[]>();
  private readonly factsKeys = new Map<string, number>();
  private factsKeyCount = 0;
  /**
   * A campaign's times (or a creative's validity) for a screen, by zone, loop and window: many
   * screens share them. Lists alike are one object (see timesIn).
   */
  private readonly times = new Map<string, WeakMap<object, Interval[]>>();
  /** Interval lists by their content. */
  private readonly timeLists = new Map<string, Interval[]>();
  /** Local midnights by zone and window. */
  private readonly midnights = new Map<string, Instant[]>();

  /** Cues as fillings name them: the cache's one of each, and its number. */
  readonly catalog: CueCatalog = { canonical: (cue) => this.cue(cue), numberOf: (cue) => this.cueNumber(cue) };

  constructor(options: { readonly deferFillings?: boolean } = {}) {
    this.deferFillings = options.deferFillings ?? false;
  }

  localWindows(windows: readonly OperatingWindow[], zone: string, from: Instant, to: Instant): Interval[] {
    const key = `${zone}|${from}|${to}|${JSON.stringify(windows)}`;
    let found = this.windows.get(key);
    if (!found) {
      found = localWindows(windows, zone, from, to);
      this.windows.set(key, found);
    }
    return found;
  }

  /** The one object for this cue's content. */
  cue(cue: PlanCue): PlanCue {
    // a filling asks for hundreds of campaign cues: found through their ids, with no key to build
    if (cue.campaignId !== null && cue.creativeId !== null && cue.message === null && cue.entryId === null) {
      let byCreative = this.campaignCues.get(cue.campaignId);
      if (!byCreative) this.campaignCues.set(cue.campaignId, (byCreative = new Map<string, Map<string, PlanCue[]>>()));
      let byDonation = byCreative.get(cue.creativeId);
      if (!byDonation) byCreative.set(cue.creativeId, (byDonation = new Map<string, PlanCue[]>()));
      let alike = byDonation.get(cue.donationId ?? '');
      if (!alike) byDonation.set(cue.donationId ?? '', (alike = []));
      for (const other of alike) {
        if (other.reason === cue.reason && other.emergencyId === cue.emergencyId) return other;
      }
      alike.push(cue);
      return cue;
    }
    const key = cueKey(cue);
    let found = this.cues.get(key);
    if (!found) this.cues.set(key, (found = cue));
    return found;
  }

  /** The number of a cue this cache made (cue()): its place in the order they were first numbered. */
  cueNumber(cue: PlanCue): number {
    let number = this.cueNumbers.get(cue);
    if (number === undefined) {
      this.cueNumbers.set(cue, (number = this.cueNumbers.size));
      this.cuesByNumber.push(cue);
    }
    return number;
  }

  /** A new plan's table of cues, by their numbers here. */
  cueTable(): SharedCueTable {
    // a stamp per table; past the largest 32-bit one (billions of plans), the marks start again
    if (this.cueMarks.tables === 0x7fffffff) this.cueMarks = new CueMarks();
    return new SharedCueTable(this.cueMarks, ++this.cueMarks.tables, ++this.plans, this.cuesByNumber);
  }

  /** One tuple per distinct [offset, length, cue] (cue numbers are per period). */
  play(offset: number, length: number, cue: number): PatternPlay {
    return this.plays.play(offset, length, cue);
  }

  /**
   * One list per distinct per-loop count: a network's filled periods hold nearly a million of
   * them (donated plays and shortfalls, one per donation a period reads), of a few thousand
   * distinct contents, and as lists of their own they were a third of the kept heap.
   */
  loopCounts(counts: readonly number[]): readonly number[] {
    const hash = hashOfIds(counts);
    const known = this.counts.find(counts, hash);
    if (known) return known;
    this.counts.add(counts, hash);
    return counts;
  }

  /**
   * The one list for this content of numbers in a plan's own numbering: a pattern's cue map (a
   * plan's index of each of a shared period's cues) or the campaigns a fill pattern reads (by the
   * plan's index of their forms). Plans whose tables took the same cues or forms in the same order
   * have the same lists, and as lists of their own the cue maps were a fifth of the kept heap. Kept
   * for two generations, as long as plans may ask for them: a generation's plans (KeptPlans) go at
   * the next change, and the lists only they used go at the one after (those asked for again are
   * carried along).
   */
  planList(numbers: Int32Array, hash = hashOfIds(numbers)): readonly number[] {
    const known = this.planListsNow.find(numbers, hash);
    if (known) return known;
    let list = this.planListsBefore.find(numbers, hash);
    if (!list) {
      // at its size: Array.from grows a list as it goes and keeps room it never uses
      const made = new Array<number>(numbers.length);
      for (let i = 0; i < numbers.length; i++) made[i] = numbers[i];
      list = made;
    }
    this.planListsNow.add(list, hash);
    return list;
  }

  /** How many lists plans of this generation hold (see planList). */
  get planLists(): number {
    return this.planListsNow.size;
  }

  /**
   * A change: the plans from now on are a new generation (pruning keeps the filled periods they
   * use), and the cue maps they use are counted afresh.
   */
  nextGeneration(): void {
    this.generation++;
    this.planListsBefore = this.planListsNow;
    this.planListsNow = new ListTable();
  }

  /** How many content ids it has handed out. */
  get contentIds(): number {
    return this.ids.size;
  }

  /**
   * Drops the filled periods no plan used in this generation, the windows and midnights, and the
   * lists of times by content (lists kept before are then not shared with new ones, which only
   * costs a flag), and the keys of campaign facts (facts kept before are then made again). Content
   * ids stay: the kept periods' keys are made of them.
   */
  prune(): void {
    for (const [hash, alike] of this.airtimes) {
      const kept = alike.filter((airtime) => airtime.usedIn >= this.generation);
      this.periodCount -= alike.length - kept.length;
      if (kept.length === 0) this.airtimes.delete(hash);
      else this.airtimes.set(hash, kept);
    }
    this.windows.clear();
    this.midnights.clear();
    this.timeLists.clear();
    this.factsKeys.clear();
  }

  /** How many filled periods it keeps. */
  get periods(): number {
    return this.periodCount;
  }

  /** The filled period kept for these content ids (see planLoops' active sets), if any; `hash` when the caller has it. */
  airtimeFor(ids: ArrayLike<number>, hash = hashOfIds(ids)): SharedAirtime | undefined {
    const alike = this.airtimes.get(hash);
    if (alike) for (const airtime of alike) if (sameIds(airtime.ids, ids)) return airtime;
    return undefined;
  }

  keepAirtime(airtime: SharedAirtime, hash = hashOfIds(airtime.ids)): void {
    const alike = this.airtimes.get(hash);
    if (alike) alike.push(airtime);
    else this.airtimes.set(hash, [airtime]);
    this.periodCount++;
  }

  /**
   * The form given, kept as the one for its content id: periods left to their filling keep lists
   * of forms as content ids (a list of numbers, read in place as plans name them), and a plan
   * names the form of an id by what this gives. One per content, so re-read campaigns add none.
   */
  campaignForm<F extends Interned<ActiveCampaign>>(form: F): F {
    this.formsById[form.id] ??= form;
    return form;
  }

  /** The form kept for a content id (see campaignForm). */
  formOf<F extends Interned<ActiveCampaign>>(id: number): F {
    return this.formsById[id] as F;
  }

  /**
   * Two lists by content id, as long as there are content ids, for a plan to mark the forms it has
   * named (its number) and the index it gave them: left as they are from plan to plan.
   */
  formMarks(): { readonly stamps: Int32Array; readonly indices: Int32Array } {
    if (this.marks.stamps.length < this.ids.size) {
      const size = this.ids.size * 2;
      const stamps = new Int32Array(size);
      const indices = new Int32Array(size);
      stamps.set(this.marks.stamps);
      indices.set(this.marks.indices);
      this.marks = { stamps, indices };
    }
    return this.marks;
  }

  /** A donation's content id: what a period reads of it (its id, amount, and whether it has a cap: a period of capped donations keeps their plays per loop, which others may not). */
  donationId(donation: ScheduleDonation): number {
    let id = this.donationIds.get(donation);
    if (id === undefined) {
      id = this.contentId(JSON.stringify([donation.id, donation.amount, donation.maxPlaysPerDay !== null]));
      this.donationIds.set(donation, id);
    }
    return id;
  }

  contentId(key: string): number {
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.ids.size;
      this.ids.set(key, id);
    }
    return id;
  }

  /** A number for a key of campaign facts, so each campaign's are told apart without reading strings. */
  factsKey(key: string): number {
    let number = this.factsKeys.get(key);
    // never handed out twice, though prune forgets the keys: facts of a number are of one key
    if (number === undefined) this.factsKeys.set(key, (number = this.factsKeyCount++));
    return number;
  }

  /**
   * What plans under this key and catalogue read of a campaign, made once (see CampaignFacts):
   * plans of a network ask it of each of their hundreds of campaigns, and working it out in each
   * was a good part of a kept plan's cost.
   */
  campaignFacts(
    campaign: ScheduleCampaign,
    creatives: ReadonlyMap<string, ScheduleCreative>,
    key: number,
    make: () => Pick<CampaignFacts, 'times' | 'creativeTimes'>,
  ): CampaignFacts {
    let known = this.factsByCampaign.get(campaign);
    if (!known) this.factsByCampaign.set(campaign, (known = []));
    for (const facts of known) if (facts.key === key && facts.creatives === creatives) return facts;
    const facts = { key, creatives, ...make(), forms: new Map<number, ActiveForm | null>() };
    // the oldest go first: a catalogue replaced at each change leaves facts no plan asks for again
    if (known.length === MAX_CAMPAIGN_FACTS) known.shift();
    known.push(facts);
    return facts;
  }

  /** The form `make` gives an object under these creatives and this key, made once; null when it has none. */
  form<F extends Interned<unknown>>(
    owner: object,
    creatives: ReadonlyMap<string, ScheduleCreative>,
    key: string,
    make: () => F | null,
  ): F | null {
    let byCreatives = this.forms.get(owner);
    if (!byCreatives) this.forms.set(owner, (byCreatives = new WeakMap()));
    let byKey = byCreatives.get(creatives);
    if (!byKey) byCreatives.set(creatives, (byKey = new Map<string, Interned<unknown> | null>()));
    let found = byKey.get(key) as F | null | undefined;
    if (found === undefined) {
      found = make();
      byKey.set(key, found);
    }
    return found;
  }

  /**
   * The times of campaigns or creatives under this key: for each, what `make` gives, made once.
   * Lists alike are one object, so a plan gives them one flag: most campaigns share their dayparts
   * and most creatives are valid throughout, and a flag each made every plan sort thousands of cut
   * times. Found by key once a plan, as a plan asks it of each of its campaigns and creatives.
   */
  timesIn(key: string): (owner: object, make: () => Interval[]) => Interval[] {
    let byOwner = this.times.get(key);
    if (!byOwner) this.times.set(key, (byOwner = new WeakMap<object, Interval[]>()));
    const known = byOwner;
    return (owner, make) => {
      let found = known.get(owner);
      if (!found) {
        const made = make();
        const content = made.join(',');
        found = this.timeLists.get(content);
        if (!found) this.timeLists.set(content, (found = made));
        known.set(owner, found);
      }
      return found;
    };
  }

  /** localMidnights, kept: plans of a zone ask for the same days (and luxon is slow to ask). */
  localMidnights(zone: string, from: Instant, to: Instant): Instant[] {
    const key = `${zone}|${from}|${to}`;
    let found = this.midnights.get(key);
    if (!found) this.midnights.set(key, (found = localMidnights(zone, from, to)));
    return found;
  }
}

/** A list of twice the length, with the same numbers first. */
function grown(list: Float64Array): Float64Array {
  const bigger = new Float64Array(list.length * 2);
  bigger.set(list);
  return bigger;
}

/** Whether the campaigns' ids increase: then which of them are active says in what order too. */
function inIdOrder(entries: readonly CampaignEntry[]): boolean {
  for (let i = 1; i < entries.length; i++) if (!(entries[i - 1].campaign.id < entries[i].campaign.id)) return false;
  return true;
}

/** A campaign form's content id as its group reads it: a donation's carriers read only their creatives and gap. */
function idIn(group: Together, form: ActiveForm): number {
  return group.carrier ? form.carrierId : form.id;
}

/** Adds a content id to a group's hash, or takes it out: two fixed random-looking words per id, xor-ed in. */
function flipInto(group: Together, id: number): void {
  group.high ^= mix32(id, 0x9e3779b9);
  group.low ^= mix32(id, 0x7f4a7c15);
}

/** A well-mixed 32-bit word of a number and a seed (murmur3's finaliser). */
function mix32(value: number, seed: number): number {
  let x = (Math.imul(value, 0x9e3779b1) + seed) | 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x;
}

/**
 * A 30-bit hash of a list of content ids, for maps whose lists are told apart by their ids (see
 * sameIds): a small integer key is hashed by the map without a number object made for each lookup.
 */
function hashOfIds(ids: ArrayLike<number>): number {
  let high = HASH_HIGH;
  let low = HASH_LOW;
  for (let i = 0; i < ids.length; i++) {
    high = Math.imul(high ^ ids[i], 0x01000193);
    low = Math.imul(low ^ ids[i], 0x5bd1e995) ^ (low >>> 15);
  }
  return finishHash(high, low);
}

/** hashOfIds' two words before the first id. */
const HASH_HIGH = 0x9e3779b9 | 0;
const HASH_LOW = 0x85ebca6b | 0;

/** hashOfIds' 30 bits from its two words after the last id. */
function finishHash(high: number, low: number): number {
  high = Math.imul(high ^ (high >>> 16), 0x85ebca6b);
  high ^= high >>> 13;
  low = Math.imul(low ^ (low >>> 15), 0xc2b2ae35);
  low ^= low >>> 16;
  return (high ^ Math.imul(low, 0x27d4eb2d)) >>> 2;
}

/** Something a filling reads, with the id of its content. */
interface Interned<T> {
  readonly value: T;
  readonly id: number;
  /**
   * Default content: its index in the fillers of the plan that last named it, by that plan's
   * number (campaign forms are marked by content id instead: see PlanCache.formMarks).
   */
  planStamp?: number;
  planIndex?: number;
}

/** The plan without emergencies: what the screen's loops play. Emergencies come and go on top of it. */
export function planLoops(input: ScheduleInput, cache: PlanCache = new PlanCache()): SchedulePlan {
  const problem = loopPolicyProblem(input.policy);
  if (problem) throw new Error(`loop policy: ${problem}`);
  return new LoopPlan(input, cache).plan();
}

/** A donation in a plan: its times and carriers, and its flags. */
interface DonationEntry {
  readonly donation: ScheduleDonation;
  readonly index: number;
  /** What a deferred period says of it: the filling reads no more (a donation has its targeting and more). */
  readonly wire: FillDonation;
  readonly times: readonly Interval[];
  readonly carriers: Together;
  readonly flag: number;
  /** On from the loop that would pass its daily cap until the day ends (set by hand). */
  readonly exhaustedFlag: number;
  readonly contentId: number;
  /** Its donated plays so far in the screen's local day. */
  playedToday: number;
  /** As fillings read it, with its carriers as last listed (see activeDonation). */
  active: ActiveDonation | null;
}

/** Default content in a plan; its form as fillings read it, once asked (undefined before). */
interface FillerState {
  readonly entry: FillerEntry;
  readonly flag: number;
  form: Interned<ActiveFiller> | null | undefined;
}

/** An active set's donations where nothing reads them: a plan without capped donations lists none. */
const NO_DONATION_ENTRIES: readonly DonationEntry[] = Object.freeze([]);

/** An active set as the content ids of what it reads, its donations, and its filled period. */
interface ActiveNow {
  readonly ids: Int32Array;
  readonly donations: readonly DonationEntry[];
  airtime: SharedAirtime;
  /** The set found before with the same hash of ids (sets alike are chained, not listed: a list for each was garbage). */
  readonly sameHash: ActiveNow | undefined;
}

/**
 * One screen's plan as it is made (planLoops). Its steps are methods, not closures made for each
 * plan: V8 keeps a closure's optimised code only while some closure of the same function lives,
 * so closures made per plan could lose theirs whenever the collector ran between two plans, and
 * were optimised again; and methods are optimised each on its own, not inlined again and again
 * into one function of 800 lines (the JIT compiled for 3.7 s instead of 5.1 s in a first pass
 * over the bench's network).
 */
class LoopPlan {
  private readonly screen: ScheduleScreen;
  private readonly policy: LoopPolicy;
  private readonly grid: number;
  private readonly from: Instant;
  private readonly to: Instant;
  private readonly window: Interval[];
  private readonly defers: boolean;
  private readonly campaignTimes: (owner: object, make: () => Interval[]) => Interval[];
  private readonly creativeTimes: (owner: object, make: () => Interval[]) => Interval[];

  // What is on is not looked up at every cut: each campaign's times, creative's validity,
  // donation's times and the screen's hours is a flag the cuts switch, and the flags' hash
  // finds the cuts whose active sets are alike.
  private readonly flags = new Flags();
  private readonly onFlag: number;
  // one flag per list of times: the cache gives lists alike as one object
  private readonly flagOfTimes = new Map<readonly Interval[], number>();
  private readonly validFlags = new Map<string, number>();
  private readonly campaignEntries = new Map<string, CampaignEntry>();
  private readonly factsKey: number;

  private readonly own: Together;
  // the pool's carriers are the same for every donation to the pool: one group for all of them
  private pool: Together | undefined;
  private readonly donations: readonly DonationEntry[];
  private readonly filler: readonly FillerState[];
  /** Whether a donation covering the screen has a daily cap: the plan is worked out from the local day's start. */
  private readonly capped: boolean;
  /** Whether the plan stops capped donations itself (a plan that lists its plays); else its readers do (SchedulePlan.days). */
  private readonly countsCaps: boolean;
  private readonly cuts: readonly Instant[];

  private readonly table: SharedCueTable;
  private readonly slotKey: string;

  /** By the flags' hash; and by the ids' hash, as flags that differ only where nothing reads them give one set. */
  private readonly alike = new Map<number, ActiveNow>();
  private readonly sameSet = new Map<number, ActiveNow>();
  // the ids are written into one buffer: a plan asks at hundreds of cuts, and a set holds every
  // carrier of every donation (garbage from lists made there was most of a kept plan's cost)
  private scratch = new Int32Array(256);
  private length = 0;

  /** The entries reading each flag, for the hashed groups (see followSwitches). */
  private readonly entriesOfFlag: (CampaignEntry[] | undefined)[];
  // the entries whose flags switched at a cut, each once (marked with the cut's sweep): kept
  // between cuts, as emptying a list gives its room back
  private readonly changed: CampaignEntry[] = [];
  private sweep = 0;

  /**
   * One object per donation (by its index here) and list of carriers among the periods a plan
   * makes: they name the same pairs many times.
   */
  private readonly pairs = new Map<Int32Array, (DonationPair | undefined)[]>();
  private lastFillers: Interned<ActiveFiller>[] = [];
  private activeSets = 0;
  // listOf's forms as it finds them, kept between active sets
  private readonly listing: ActiveForm[] = [];

  // the runs of loops and their periods, merged as they come: in lists of numbers, as an object
  // per run held three numbers of their own (instants are not small integers), in every plan
  private runStarts: Float64Array = new Float64Array(64);
  private runEnds: Float64Array = new Float64Array(64);
  private readonly runAirtimes: SharedAirtime[] = [];
  private runs = 0;

  // what the plan names: its patterns, forms, default content, lists and donations
  private readonly patterns: PlanPattern[] = [];
  private readonly forms: PlanForm[] = [];
  private readonly fillers: ActiveFiller[] = [];
  // by content id: periods kept from before an edit hold other objects of the same content, and a
  // plan names each content once (so the same inputs give the same plan, whatever the cache holds).
  // Campaign forms are marked by content id in the cache's lists (formIndicesOf); default content here.
  private readonly fillerIndices = new Map<number, number>();
  // a kept period names its donations as the plan that made it had them: this plan's say the cap as it is now
  private wires: Map<string, FillDonation> | undefined;
  private numbered = new Int32Array(64);
  // the lists of forms and the donations the plan's fill patterns name, each once, by their index here
  private readonly lists: (readonly number[])[] = [];
  private readonly listNumbers = new Map<readonly number[], number>();
  private readonly planDonations: FillDonation[] = [];
  private readonly donationNumbers = new Map<string, number>();
  private readonly listNumbersByIds = new Map<Int32Array, number>();
  // one tuple per donation and list in the plan: [donation, carriers], by list then donation
  private readonly tuples: (readonly [number, number] | undefined)[][] = [];
  private readonly fillerLists = new Map<readonly Interned<ActiveFiller>[], readonly number[]>();

  constructor(
    private readonly input: ScheduleInput,
    private readonly cache: PlanCache,
  ) {
    const { screen, policy, to } = input;
    this.screen = screen;
    this.policy = policy;
    this.to = to;
    const grid = (this.grid = policy.loopSeconds * 1000);
    this.defers = cache.deferFillings;
    const { targeted } = input;
    const covering = targeted ? input.donations : input.donations.filter((d) => donationCovers(d, screen));
    this.capped = covering.some((d) => d.maxPlaysPerDay !== null);
    this.countsCaps = this.capped && !this.defers;
    // A daily cap counts the screen's local day, which began before the plan (windows start at UTC
    // midnight): the plan is worked out from the day's first loop, and what comes before its window
    // is counted (and, in a plan whose readers count caps, kept for them to count). Else each new
    // day's plan would give a cap's plays again in the same day.
    const from = (this.from = this.capped ? localDayStart(cache, screen.timezone, input.from, grid) : input.from);
    this.window = [[from, to]];

    const onExact =
      screen.operatingHours === null
        ? this.window
        : cache.localWindows(screen.operatingHours, screen.timezone, from, to);
    this.onFlag = this.flags.add(roundInward(onExact, grid));

    const timesKey = `${screen.timezone}|${grid}|${from}|${to}`;
    this.campaignTimes = cache.timesIn(timesKey);
    this.creativeTimes = cache.timesIn(`${grid}|${from}|${to}`);
    this.factsKey = cache.factsKey(`${timesKey}|${policy.slotSeconds}`);

    const own = targeted
      ? input.campaigns.filter((_, i) => targeted.owns[i])
      : input.campaigns.filter((c) => campaignOwnsAirtime(c, screen));
    this.own = this.together(
      own.map((c) => this.entryOf(c)),
      false,
    );
    this.donations = covering.map((donation, index) => {
      // kept by donation, as a campaign's are: every plan of its donor's screens asks
      const times = this.campaignTimes(donation, () => {
        const stop = Math.min(
          donation.end ?? Infinity,
          // withdrawn: the loop running then finishes, the next one is the screen's again
          donation.withdrawnAt === null ? Infinity : Math.ceil(donation.withdrawnAt / grid) * grid,
        );
        return this.within(intersect([clampTo(from, to)([donation.start, stop])], this.daypartsOf(donation.dayparts)));
      });
      const carriers = this.carriersOf(donation, targeted?.carriers[index]);
      const contentId = cache.donationId(donation);
      return {
        donation,
        index,
        wire: { id: donation.id, amount: donation.amount, maxPlaysPerDay: donation.maxPlaysPerDay },
        times,
        carriers,
        flag: this.flags.add(times),
        exhaustedFlag: this.flags.add([]),
        contentId,
        playedToday: 0,
        active: null,
      };
    });
    this.filler = fillerFor(screen, input.fillers).map((entry) => ({
      entry,
      flag: this.validFlag(entry.creativeId),
      form: undefined,
    }));

    const extraCuts = [from, to];
    if (this.countsCaps)
      cache.localMidnights(screen.timezone, from, to).forEach((m) => extraCuts.push(Math.ceil(m / grid) * grid));
    this.cuts = this.flags.cuts(extraCuts.filter((b) => b >= from && b <= to));

    this.table = cache.cueTable();
    this.slotKey = `${policy.slotSeconds}|`;

    this.entriesOfFlag = new Array<CampaignEntry[] | undefined>(this.flags.on.length).fill(undefined);
    for (const entry of this.campaignEntries.values()) {
      if (entry.groups.length === 0) continue;
      this.readsFlag(entry.flag, entry);
      for (const flag of entry.creativeFlags) this.readsFlag(flag, entry);
    }
  }

  /** The plan: its runs of loops, then what it names. */
  plan(): SchedulePlan {
    this.planRuns();
    return this.named();
  }

  private within(local: readonly Interval[]): Interval[] {
    return roundInward(intersect(local, this.window), this.grid);
  }

  private daypartsOf(dayparts: ScheduleCampaign['dayparts']): readonly Interval[] {
    return dayparts.length === 0
      ? this.window
      : this.cache.localWindows(dayparts, this.screen.timezone, this.from, this.to);
  }

  private timesOf(campaign: ScheduleCampaign): Interval[] {
    return this.campaignTimes(campaign, () =>
      this.within(intersect([[campaign.flightStart, campaign.flightEnd]], this.daypartsOf(campaign.dayparts))),
    );
  }

  private validTimes(creativeId: string): readonly Interval[] {
    const creative = this.input.creatives.get(creativeId);
    if (!creative) return NO_TIMES;
    return this.creativeTimes(creative, () =>
      this.within([clampTo(this.from, this.to)([creative.validFrom ?? -Infinity, creative.validUntil ?? Infinity])]),
    );
  }

  private timesFlag(times: readonly Interval[]): number {
    let flag = this.flagOfTimes.get(times);
    if (flag === undefined) this.flagOfTimes.set(times, (flag = this.flags.add(times)));
    return flag;
  }

  private validFlag(creativeId: string): number {
    let flag = this.validFlags.get(creativeId);
    if (flag === undefined) {
      flag = this.timesFlag(this.validTimes(creativeId));
      this.validFlags.set(creativeId, flag);
    }
    return flag;
  }

  private entryOf(campaign: ScheduleCampaign): CampaignEntry {
    let entry = this.campaignEntries.get(campaign.id);
    if (!entry) {
      const facts = this.cache.campaignFacts(campaign, this.input.creatives, this.factsKey, () => ({
        times: this.timesOf(campaign),
        creativeTimes: campaign.creatives.map((cc) => this.validTimes(cc.creativeId)),
      }));
      entry = {
        campaign,
        facts,
        flag: this.timesFlag(facts.times),
        creativeFlags: facts.creativeTimes.map((times) => this.timesFlag(times)),
        firstMask: -1,
        firstForm: null,
        forms: null,
        now: null,
        sweep: 0,
        groups: [],
      };
      this.campaignEntries.set(campaign.id, entry);
    }
    return entry;
  }

  private together(entries: CampaignEntry[], carrier: boolean): Together {
    const group = {
      entries,
      // a period left to its filling names its carriers whole (frequency too): it is kept by all of it,
      // or a plan's forms would say what a carrier was when the period was made
      carrier: carrier && !this.defers,
      hashed: inIdOrder(entries),
      high: 0,
      low: 0,
      listed: [],
      listedForms: [],
      listedIds: NO_FORM_IDS,
      listedFor: 0,
      switched: true,
    };
    if (group.hashed) entries.forEach((entry) => entry.groups.push(group));
    return group;
  }

  /** A donation's carriers: found by targeting, unless the input says them (see ScheduleInput.targeted). */
  private carriersOf(donation: ScheduleDonation, targeted: readonly ScheduleCampaign[] | undefined): Together {
    if (donation.campaignId === null && this.pool) return this.pool;
    const carriers = targeted ?? this.input.campaigns.filter((c) => fillsDonation(c, donation, this.screen));
    const group = this.together(
      carriers.map((c) => this.entryOf(c)),
      true,
    );
    if (donation.campaignId === null) this.pool = group;
    return group;
  }

  /** Keeps a form in the plan's entry, where it is found first. */
  private remember(entry: CampaignEntry, mask: number, form: ActiveForm | null): void {
    if (entry.firstMask === -1) {
      entry.firstMask = mask;
      entry.firstForm = form;
    } else (entry.forms ??= new Map()).set(mask, form);
  }

  /** The campaign as a filling reads it now (the creatives valid now), or null when it cannot play. */
  private activeCampaign(entry: CampaignEntry): ActiveForm | null {
    const on = this.flags.on;
    if (!on[entry.flag]) return null;
    const { creativeFlags } = entry;
    if (creativeFlags.length > 30) return this.formOf(entry, -1);
    let mask = 0;
    for (let i = 0; i < creativeFlags.length; i++) if (on[creativeFlags[i]]) mask |= 1 << i;
    if (mask === entry.firstMask) return entry.firstForm;
    const mine = entry.forms?.get(mask);
    if (mine !== undefined) return mine;
    // as another plan under the same key found it
    const shared = entry.facts.forms.get(mask);
    if (shared !== undefined) {
      this.remember(entry, mask, shared);
      return shared;
    }
    return this.formOf(entry, mask);
  }

  /**
   * The campaign's form with the creatives valid now, made or found in the cache; kept by `mask`
   * unless it is -1 (more creatives than a mask holds). Apart from activeCampaign, which runs
   * millions of times a pass: this closure's variables would make it allocate at every call.
   */
  private formOf(entry: CampaignEntry, mask: number): ActiveForm | null {
    const on = this.flags.on;
    const { campaign, creativeFlags } = entry;
    let valid = '';
    for (let i = 0; i < creativeFlags.length; i++) valid += on[creativeFlags[i]] ? '1' : '0';
    const { cache, input, policy } = this;
    const form = cache.form(campaign, input.creatives, this.slotKey + valid, () => {
      const candidates = campaign.creatives.flatMap((cc, i) => {
        const creative = input.creatives.get(cc.creativeId);
        if (!creative || valid[i] === '0') return [];
        return [candidateOf(creative, cc.weight, cc.durationSeconds, policy)];
      });
      if (candidates.length === 0) return null;
      const value = activeCampaignOf(campaign, candidates);
      return cache.campaignForm({
        value,
        id: cache.contentId(JSON.stringify(activeKey(value))),
        carrierId: cache.contentId(
          JSON.stringify(['carrier', campaign.id, campaign.minGapSeconds, candidates.map(candidateKey)]),
        ),
      });
    });
    if (mask !== -1) {
      entry.facts.forms.set(mask, form);
      this.remember(entry, mask, form);
    }
    return form;
  }

  /** The default content's entry as fillings read it, or null when it cannot play; asked once a plan. */
  private activeFiller(f: FillerState): Interned<ActiveFiller> | null {
    // asked at every active set: the form is made apart (its closure would allocate at every call)
    return f.form !== undefined ? f.form : (f.form = this.fillerForm(f.entry));
  }

  private fillerForm(entry: FillerEntry): Interned<ActiveFiller> | null {
    const { input, policy } = this;
    return this.cache.form(entry, input.creatives, this.slotKey, () => {
      const creative = input.creatives.get(entry.creativeId);
      if (!creative) return null;
      const value = { entryId: entry.id, candidate: candidateOf(creative, 1, entry.durationSeconds, policy) };
      return { value, id: this.cache.contentId(`${value.entryId}|${candidateKey(value.candidate)}`) };
    });
  }

  private exhaust(d: DonationEntry, yes: boolean): void {
    if (this.flags.on[d.exhaustedFlag] !== (yes ? 1 : 0)) this.flags.toggle(d.exhaustedFlag);
  }

  private put(id: number): void {
    if (this.length === this.scratch.length) {
      const bigger = new Int32Array(this.length * 2);
      bigger.set(this.scratch);
      this.scratch = bigger;
    }
    this.scratch[this.length++] = id;
  }

  /** A group's part of the key: its hash after -4, or the ids of those active. */
  private putGroup(group: Together): void {
    if (group.hashed) {
      this.put(-4);
      this.put(group.high);
      this.put(group.low);
      return;
    }
    for (const entry of group.entries) {
      const active = this.activeCampaign(entry);
      if (active) this.put(idIn(group, active));
    }
  }

  private readsFlag(flag: number, entry: CampaignEntry): void {
    const list = (this.entriesOfFlag[flag] ??= []);
    // an entry's flags are listed one after another: one already listed is the last
    if (list[list.length - 1] !== entry) list.push(entry);
  }

  /** Brings the hashed groups up to the flags as they are now: only the campaigns whose flags switched change. */
  private followSwitches(): void {
    const sweep = ++this.sweep;
    const { changed, entriesOfFlag, flags } = this;
    let changedCount = 0;
    const switched = flags.takeSwitched();
    const switchedFlags = flags.switchedFlags;
    for (let s = 0; s < switched; s++) {
      const list = entriesOfFlag[switchedFlags[s]];
      if (!list) continue;
      for (let e = 0; e < list.length; e++) {
        const entry = list[e];
        if (entry.sweep === sweep) continue;
        entry.sweep = sweep;
        changed[changedCount++] = entry;
      }
    }
    for (let c = 0; c < changedCount; c++) {
      const entry = changed[c];
      const before = entry.now;
      const after = this.activeCampaign(entry);
      if (after === before) continue;
      entry.now = after;
      for (let g = 0; g < entry.groups.length; g++) {
        const group = entry.groups[g];
        if (before) flipInto(group, idIn(group, before));
        if (after) flipInto(group, idIn(group, after));
        group.switched = true;
      }
    }
  }

  private activeNow(): ActiveNow {
    const { flags } = this;
    const hash = flags.hash();
    let found = this.alike.get(hash);
    if (found) return found;
    const on = flags.on;
    // content ids, with negative numbers between the parts
    this.length = 0;
    this.put(this.policy.loopSeconds);
    this.put(this.policy.slotSeconds);
    this.put(-1);
    this.putGroup(this.own);
    this.put(-1);
    // only the capped loop reads them (see planRuns)
    const donationsNow: DonationEntry[] | null = this.countsCaps ? [] : null;
    for (const d of this.donations) {
      if (on[d.exhaustedFlag] || !on[d.flag]) continue;
      donationsNow?.push(d);
      this.put(d.contentId);
      this.put(-3);
      this.putGroup(d.carriers);
      this.put(-2);
    }
    this.put(-1);
    for (const f of this.filler) {
      const active = on[f.flag] ? this.activeFiller(f) : null;
      if (active) this.put(active.id);
    }
    // a period left to its filling is kept apart from the same period filled
    if (this.defers) this.put(-5);
    const ids = this.scratch.subarray(0, this.length);
    const idsHash = hashOfIds(ids);
    const sameHash = this.sameSet.get(idsHash);
    for (let known = sameHash; known && !found; known = known.sameHash) if (sameIds(known.ids, ids)) found = known;
    if (!found) {
      // the kept period's own ids: a copy is made only for a period not kept before
      const airtime = this.airtimeOf(ids, idsHash);
      found = { ids: airtime.ids, donations: donationsNow ?? NO_DONATION_ENTRIES, airtime, sameHash };
      this.sameSet.set(idsHash, found);
    }
    this.alike.set(hash, found);
    return found;
  }

  /** The filled period of these ids, kept or filled now from what is active (the flags as they are). */
  private airtimeOf(ids: Int32Array, idsHash: number): SharedAirtime {
    const { cache } = this;
    let airtime = cache.airtimeFor(ids, idsHash);
    if (airtime) {
      airtime.usedIn = cache.generation;
      return airtime;
    }
    const kept = ids.slice();
    airtime = this.defers ? this.deferredAirtime(kept) : this.filledAirtime(kept);
    cache.keepAirtime(airtime, idsHash);
    return airtime;
  }

  private filledAirtime(ids: Int32Array): SharedAirtime {
    const { cache, policy } = this;
    const filled = fillAirtime(policy, this.activeSet(), this.cache.catalog, (offset, length, cue) =>
      cache.play(offset, length, cue),
    );
    return {
      usedIn: cache.generation,
      planStamp: 0,
      planPattern: 0,
      ids,
      periodSeconds: filled.periodSeconds,
      shortfall: keptShortfall(filled.shortfall, cache),
      donated: keptCounts(filled.donated, cache),
      // at its size (a list grown by push keeps room it never uses, in each of 90,000 periods)
      cueNumbers: Int32Array.from(filled.cueNumbers),
      repeat: shortestRepeat(filled.periodSeconds, filled.plays, policy.loopSeconds, filled.loopStarts),
      fill: null,
    };
  }

  private pairOf(index: number, donation: FillDonation, carriers: Int32Array): DonationPair {
    let byDonation = this.pairs.get(carriers);
    if (!byDonation) this.pairs.set(carriers, (byDonation = []));
    let pair = byDonation[index];
    if (!pair) byDonation[index] = pair = { donation, carriers, planStamp: 0, planTuple: undefined };
    return pair;
  }

  /** A period left to its filling: what fills it (the filling makes its cues where it is expanded). */
  private deferredAirtime(ids: Int32Array): SharedAirtime {
    this.activeSets++;
    const on = this.flags.on;
    const ownNow = this.listOf(this.own);
    const donationsNow: ActiveDonation[] = [];
    const donationsLater: DeferredFill['donations'][number][] = [];
    for (const d of this.donations) {
      if (on[d.exhaustedFlag] || !on[d.flag]) continue;
      donationsNow.push(this.activeDonation(d));
      donationsLater.push(this.pairOf(d.index, d.wire, d.carriers.listedIds));
    }
    let fillerNow: Interned<ActiveFiller>[] = [];
    for (const f of this.filler) {
      const active = on[f.flag] ? this.activeFiller(f) : null;
      if (active) fillerNow.push(active);
    }
    // the same list as the last period's when it reads the same (a plan names each list once)
    if (sameIds(fillerNow, this.lastFillers)) fillerNow = this.lastFillers;
    else this.lastFillers = fillerNow;
    // daily caps are counted where the plan is read (SchedulePlan.days), as are shortfalls
    const periodSeconds = fillPeriodSeconds(this.policy, { own: ownNow, donations: donationsNow, filler: [] });
    return {
      usedIn: this.cache.generation,
      planStamp: 0,
      planPattern: 0,
      ids,
      periodSeconds,
      shortfall: NO_SHORTFALL,
      donated: NO_COUNTS,
      cueNumbers: NO_CUES,
      repeat: null,
      fill: { own: this.own.listedIds, donations: donationsLater, filler: fillerNow, last: null },
    };
  }

  /**
   * The forms of a group's active campaigns, listed once per active set: the pool's donations share
   * one group of hundreds of carriers. A hashed group's campaigns keep their form up to date as
   * the cuts switch them (`now`), so it is not worked out again.
   */
  private listOf(group: Together): ActiveCampaign[] {
    if (group.listedFor === this.activeSets) return group.listed;
    group.listedFor = this.activeSets;
    if (group.hashed) {
      // its campaigns' forms are as when it was last listed
      if (!group.switched) return group.listed;
      group.switched = false;
    }
    const { listing } = this;
    let count = 0;
    for (const entry of group.entries) {
      const active = group.hashed ? entry.now : this.activeCampaign(entry);
      if (active) listing[count++] = active;
    }
    // the same forms as when the group was last listed (a cut switches a few campaigns of hundreds):
    // the same lists, which periods left to their filling keep
    const before = group.listedForms;
    let same = count === before.length;
    for (let i = 0; i < count && same; i++) same = listing[i] === before[i];
    if (same) return group.listed;
    const forms = listing.slice(0, count);
    group.listedForms = forms;
    const ids = new Int32Array(count);
    for (let i = 0; i < count; i++) ids[i] = forms[i].id;
    group.listedIds = ids;
    group.listed = forms.map((form) => form.value);
    return group.listed;
  }

  /** A donation as fillings read it: one object while its carriers' list stays the same (periods follow one another). */
  private activeDonation(d: DonationEntry): ActiveDonation {
    const fillers = this.listOf(d.carriers);
    if (d.active?.fillers !== fillers) d.active = { donation: d.donation, fillers };
    return d.active;
  }

  /** Everything fillAirtime reads, as the ids of activeNow say it: a filled period can be reused by any plan, even after edits. */
  private activeSet(): ActiveSet {
    this.activeSets++;
    const on = this.flags.on;
    const ownNow = this.listOf(this.own);
    const donationsNow: ActiveDonation[] = [];
    for (const d of this.donations) {
      if (on[d.exhaustedFlag] || !on[d.flag]) continue;
      donationsNow.push(this.activeDonation(d));
    }
    const fillerNow: ActiveFiller[] = [];
    for (const f of this.filler) {
      const active = on[f.flag] ? this.activeFiller(f) : null;
      if (active) fillerNow.push(active.value);
    }
    return { own: ownNow, donations: donationsNow, filler: fillerNow };
  }

  private push(start: Instant, end: Instant, airtime: SharedAirtime): void {
    // kept when nothing plays too: the screen is on (empty airtime), and shortfalls are recorded
    if (end <= start) return;
    const runs = this.runs;
    if (runs > 0 && this.runEnds[runs - 1] === start && this.runAirtimes[runs - 1] === airtime) {
      this.runEnds[runs - 1] = end;
      return;
    }
    if (runs === this.runStarts.length) {
      this.runStarts = grown(this.runStarts);
      this.runEnds = grown(this.runEnds);
    }
    this.runStarts[runs] = start;
    this.runEnds[runs] = end;
    this.runAirtimes[runs] = airtime;
    this.runs = runs + 1;
  }

  /**
   * Follows the cuts: the runs of loops and their periods, and where a daily cap stops a donation
   * (in a plan that lists its plays; else its readers count caps, SchedulePlan.days).
   */
  private planRuns(): void {
    const { cuts, flags, countsCaps: capped, donations, grid, policy, onFlag } = this;
    // the midnights passed so far: the screen's local day, by number
    let day = 0;
    const midnights = capped ? this.cache.localMidnights(this.screen.timezone, this.from - 86_400_000, this.to) : [];
    // by active donation, at each run of loops (kept between runs: a capped plan has hundreds)
    const sums: LoopSums[] = [];
    const passAt: number[] = [];
    for (let i = 0; i + 1 < cuts.length; i++) {
      const [a, b] = [cuts[i], cuts[i + 1]];
      flags.advanceTo(i);
      this.followSwitches();
      if (!flags.on[onFlag]) continue;
      if (capped) {
        let today = day;
        while (today < midnights.length && midnights[today] <= a) today++;
        if (today !== day) {
          day = today;
          for (const d of donations) {
            this.exhaust(d, false);
            d.playedToday = 0;
          }
        }
      }
      let start = a;
      let now = this.activeNow();
      let airtime = now.airtime;
      if (capped) {
        // count donated plays over whole runs of loops; a donation that would pass its daily cap stops
        // at the loop that would pass it
        for (let t = a; t < b;) {
          const active = now.donations;
          const loopsPerPeriod = airtime.periodSeconds / policy.loopSeconds;
          const first = Math.floor(t / grid);
          const loops = Math.ceil((b - t) / grid);
          // the first loop each would pass its cap in (loops when none does), and the first of those
          let overAt = loops;
          // only capped donations' plays are counted: nothing reads the others'
          for (let k = 0; k < active.length; k++) {
            const { donation, playedToday } = active[k];
            if (donation.maxPlaysPerDay === null) {
              passAt[k] = loops;
              continue;
            }
            sums[k] = loopSums(airtime.donated.get(donation.id), loopsPerPeriod);
            passAt[k] = sums[k].firstOver(first, loops, donation.maxPlaysPerDay - playedToday);
            overAt = Math.min(overAt, passAt[k]);
          }
          for (let k = 0; k < active.length; k++) {
            if (active[k].donation.maxPlaysPerDay !== null)
              active[k].playedToday += sums[k].between(first, first + overAt);
          }
          if (overAt === loops) break;
          // this loop would pass the cap: from here on the donation's slots are the screen's again
          for (let k = 0; k < active.length; k++) if (passAt[k] === overAt) this.exhaust(active[k], true);
          t += overAt * grid;
          this.push(start, t, airtime);
          start = t;
          now = this.activeNow();
          airtime = now.airtime;
        }
      }
      this.push(start, b, airtime);
    }
  }

  /** Names a campaign form in the plan: asked once per content id (formIndicesOf marks the ids it has named). */
  private formIndex(form: ActiveForm): number {
    const { campaign, candidates } = form.value;
    form.wire ??= {
      campaign: {
        id: campaign.id,
        priority: campaign.priority,
        frequency: campaign.frequency,
        minGapSeconds: campaign.minGapSeconds,
      },
      candidates,
    };
    return this.forms.push(form.wire) - 1;
  }

  private fillerIndex(form: Interned<ActiveFiller>): number {
    if (form.planStamp !== this.table.plan) {
      form.planStamp = this.table.plan;
      let index = this.fillerIndices.get(form.id);
      if (index === undefined) this.fillerIndices.set(form.id, (index = this.fillers.push(form.value) - 1));
      form.planIndex = index;
    }
    return form.planIndex!;
  }

  private wireOf(donation: FillDonation): FillDonation {
    this.wires ??= new Map(this.donations.map((d) => [d.donation.id, d.wire]));
    return this.wires.get(donation.id) ?? donation;
  }

  /** The plan's indices of these fillers, as the cache's one list of them (see planList). */
  private fillerIndicesOf(items: readonly Interned<ActiveFiller>[]): readonly number[] {
    if (this.numbered.length < items.length) this.numbered = new Int32Array(items.length * 2);
    const { numbered } = this;
    for (let i = 0; i < items.length; i++) numbered[i] = this.fillerIndex(items[i]);
    return this.cache.planList(numbered.subarray(0, items.length));
  }

  /**
   * The plan's indices of these campaign forms, hashed as they are numbered: plans number five
   * million carriers over a network, so one pass, with the forms this plan has named read in place.
   */
  private formIndicesOf(formIds: Int32Array): readonly number[] {
    // the plan's index of each content id, found in two lists the cache keeps (a look at each form was most of the cost)
    const n = formIds.length;
    if (this.numbered.length < n) this.numbered = new Int32Array(n * 2);
    const { numbered, cache } = this;
    const { stamps, indices } = cache.formMarks();
    const plan = this.table.plan;
    let high = HASH_HIGH;
    let low = HASH_LOW;
    for (let i = 0; i < n; i++) {
      const id = formIds[i];
      let index = indices[id];
      if (stamps[id] !== plan) {
        stamps[id] = plan;
        indices[id] = index = this.formIndex(cache.formOf(id));
      }
      numbered[i] = index;
      high = Math.imul(high ^ index, 0x01000193);
      low = Math.imul(low ^ index, 0x5bd1e995) ^ (low >>> 15);
    }
    return cache.planList(numbered.subarray(0, n), finishHash(high, low));
  }

  /** Whether these are the plan's indices of these fillers, naming them in the plan as it goes. */
  private fillersNumberedAs(items: readonly Interned<ActiveFiller>[], indices: readonly number[]): boolean {
    if (items.length !== indices.length) return false;
    for (let i = 0; i < items.length; i++) if (this.fillerIndex(items[i]) !== indices[i]) return false;
    return true;
  }

  /**
   * The plan's index of a list of forms (in `lists`), found once per list object: periods share
   * their groups' lists of forms while those stay the same (the pool's carriers, in every period).
   * Lists alike are the cache's one list of their content (planList), so they are one list here.
   */
  private listNumber(formIds: Int32Array): number {
    let number = this.listNumbersByIds.get(formIds);
    if (number === undefined) {
      const indices = this.formIndicesOf(formIds);
      number = this.listNumbers.get(indices);
      if (number === undefined) this.listNumbers.set(indices, (number = this.lists.push(indices) - 1));
      this.listNumbersByIds.set(formIds, number);
    }
    return number;
  }

  private donationNumber(donation: FillDonation): number {
    let number = this.donationNumbers.get(donation.id);
    if (number === undefined)
      this.donationNumbers.set(donation.id, (number = this.planDonations.push(this.wireOf(donation)) - 1));
    return number;
  }

  private tupleOf(donation: number, carriers: number): readonly [number, number] {
    return ((this.tuples[carriers] ??= [])[donation] ??= [donation, carriers]);
  }

  /** The plan's indices of a list of default content, found once per list object (periods share them). */
  private fillerListOf(list: readonly Interned<ActiveFiller>[]): readonly number[] {
    let indices = this.fillerLists.get(list);
    if (!indices) this.fillerLists.set(list, (indices = this.fillerIndicesOf(list)));
    return indices;
  }

  /** The plan's tuple of a donation and its carriers: asked once per pair object, as periods share them. */
  private tupleOfPair(pair: DonationPair): readonly [number, number] {
    if (pair.planStamp !== this.table.plan) {
      pair.planStamp = this.table.plan;
      const donation = this.donationNumber(pair.donation);
      pair.planTuple = this.tupleOf(donation, this.listNumber(pair.carriers));
    }
    return pair.planTuple!;
  }

  /**
   * Whether this plan says of the period what `before` says (plans of screens alike number their
   * forms, lists and donations alike): what it names is numbered in the same order either way
   * (own, each donation and its carriers, default content).
   */
  private saysAlike(fill: DeferredFill, before: PlanFill): boolean {
    if (this.listNumber(fill.own) !== before.own || fill.donations.length !== before.donations.length) return false;
    for (let k = 0; k < fill.donations.length; k++) {
      const [donation, carriers] = this.tupleOfPair(fill.donations[k]);
      if (before.donations[k][0] !== donation || before.donations[k][1] !== carriers) return false;
    }
    return this.fillerListOf(fill.filler) === before.filler || this.fillersNumberedAs(fill.filler, before.filler);
  }

  private fillOf(fill: DeferredFill): PlanFill {
    // what the last plan said, when this one numbers alike: nothing made
    if (fill.last && this.saysAlike(fill, fill.last)) return fill.last;
    fill.last = {
      own: this.listNumber(fill.own),
      donations: fill.donations.map((pair) => this.tupleOfPair(pair)),
      filler: this.fillerListOf(fill.filler),
    };
    return fill.last;
  }

  /** The plan as its runs of loops name it: patterns, segments, and what they name. */
  private named(): SchedulePlan {
    const { input, grid, table, patterns, cache } = this;
    // made merged as they come (loop segments come in order): mergeSegments' result, without copies
    const segments: { start: Instant; end: Instant; anchor: Instant; pattern: number }[] = [];
    const shortfalls = new Map<string, Stretch[]>();
    // a shared period keeps its plays and its numbering; the plan maps its cues into its own table
    let mapped = new Int32Array(64);
    // the plan's own loops: whole ones from its window's start (a capped plan was worked out earlier),
    // or from its first local day's when its readers count the caps from there
    const countedByReaders = this.capped && !this.countsCaps;
    const firstLoop = countedByReaders ? this.from : Math.ceil(input.from / grid) * grid;
    for (let run = 0; run < this.runs; run++) {
      const end = this.runEnds[run];
      const airtime = this.runAirtimes[run];
      if (end <= firstLoop) continue;
      const start = Math.max(this.runStarts[run], firstLoop);
      const period = airtime.periodSeconds * 1000;
      const anchor = Math.floor(start / period) * period;
      if (airtime.planStamp !== table.plan) {
        const { cueNumbers } = airtime;
        const count = cueNumbers.length;
        if (mapped.length < count) mapped = new Int32Array(count * 2);
        let identity = true;
        for (let i = 0; i < count; i++) {
          mapped[i] = table.indexOf(cueNumbers[i]);
          if (mapped[i] !== i) identity = false;
        }
        airtime.planStamp = table.plan;
        if (airtime.fill) {
          airtime.planPattern =
            patterns.push({ periodSeconds: airtime.periodSeconds, fill: this.fillOf(airtime.fill) }) - 1;
        } else {
          const cueMap = identity ? null : cache.planList(mapped.subarray(0, count));
          const { periodSeconds, plays } = airtime.repeat!;
          airtime.planPattern = patterns.push(cueMap ? { periodSeconds, plays, cueMap } : { periodSeconds, plays }) - 1;
        }
      }
      const pattern = airtime.planPattern;
      recordShortfalls(shortfalls, airtime, start, end, grid);
      const last = segments[segments.length - 1];
      if (last && last.end === start && last.pattern === pattern && last.anchor === anchor) last.end = end;
      else segments.push({ start, end, anchor, pattern });
    }

    const { forms, fillers, lists, planDonations } = this;
    return {
      from: input.from,
      to: this.to,
      loopSeconds: this.policy.loopSeconds,
      slotSeconds: this.policy.slotSeconds,
      cues: table.cues,
      patterns,
      segments,
      shortfalls: shortfallsInOrder(shortfalls),
      ...(forms.length > 0 ? { forms } : {}),
      ...(fillers.length > 0 ? { fillers } : {}),
      ...(lists.length > 0 ? { lists } : {}),
      ...(planDonations.length > 0 ? { donations: planDonations } : {}),
      ...(countedByReaders ? { days: this.days() } : {}),
    };
  }

  /** The starts of the screen's local days the plan reaches into: the first whole loop of each. */
  private days(): number[] {
    const { grid, from, to } = this;
    const days = [from];
    for (const midnight of this.cache.localMidnights(this.screen.timezone, from, to)) {
      const start = Math.ceil(midnight / grid) * grid;
      if (start > days[days.length - 1] && start < to) days.push(start);
    }
    return days;
  }
}

/**
 * Emergencies laid over a plan: from their exact instants, within the screen's hours, exclusive. A
 * loop resuming mid-play after one gets the rest of that play as its lead. Without emergencies
 * covering the screen, the plan itself comes back (callers may keep plans and lay emergencies over them).
 */
export function overlayEmergencies(
  base: SchedulePlan,
  input: Pick<ScheduleInput, 'screen' | 'policy' | 'emergencies' | 'creatives' | 'from' | 'to'>,
  cache?: PlanCache,
): SchedulePlan {
  const { screen, policy, from, to } = input;
  if (!input.emergencies.some((e) => emergencyCovers(e, screen))) return base;
  const window: Interval[] = [[from, to]];
  // the screen's hours, from the cache when there is one (luxon is slow to ask, at every plan)
  const hours = screen.operatingHours;
  const onExact =
    hours === null
      ? window
      : cache
        ? cache.localWindows(hours, screen.timezone, from, to)
        : localWindows(hours, screen.timezone, from, to);
  // an emergency's poster shows only while it is valid; its message, if any, stands in outside that
  const emergencies = input.emergencies
    .filter((e) => emergencyCovers(e, screen))
    .flatMap((e) => {
      const times = intersect(
        normalise([clampTo(from, to)([e.start, Math.min(e.end ?? Infinity, e.cancelledAt ?? Infinity)])]),
        onExact,
      );
      return emergencyContents(e, input.creatives, policy).map(({ content, valid }) => ({
        emergency: e,
        content,
        times: intersect(times, valid),
      }));
    })
    .filter((e) => e.times.length > 0);
  const emergencyCuts = new Set<Instant>();
  emergencies.forEach((e) => e.times.forEach(([s, t]) => (emergencyCuts.add(s), emergencyCuts.add(t))));
  const sortedCuts = [...emergencyCuts].sort((x, y) => x - y);
  const takeovers: { start: Instant; end: Instant; active: typeof emergencies }[] = [];
  for (let i = 0; i + 1 < sortedCuts.length; i++) {
    const [a, b] = [sortedCuts[i], sortedCuts[i + 1]];
    const active = emergencies
      .filter((e) => contains(e.times, a))
      .sort((x, y) => x.emergency.start - y.emergency.start || x.emergency.id.localeCompare(y.emergency.id));
    if (active.length > 0) takeovers.push({ start: a, end: b, active });
  }
  if (takeovers.length === 0) return base;
  const taken = normalise(takeovers.map((t) => [t.start, t.end] as const));

  const table = new CueTable(base.cues);
  const cueOf = (cue: PlanCue) => table.indexOf(cue);
  const patterns = [...base.patterns];
  const added = new Map<string, number>();
  const patternOf = (periodSeconds: number, plays: readonly PatternPlay[]) => {
    const key = `${periodSeconds}|${JSON.stringify(plays)}`;
    let index = added.get(key);
    if (index === undefined) {
      index = patterns.push({ periodSeconds, plays }) - 1;
      added.set(key, index);
    }
    return index;
  };
  const segments: PlanSegment[] = [];
  for (const segment of base.segments) {
    const pattern = base.patterns[segment.pattern];
    for (const [s, e] of subtract([[segment.start, segment.end]], taken)) {
      if (s === segment.start) {
        segments.push({ ...segment, end: e });
        continue;
      }
      // a period left to its filling is not filled for this: expanding finds the play under way
      const lead = 'plays' in pattern ? leadAt(pattern, segment.anchor, s) : null;
      segments.push(
        lead
          ? { start: s, end: e, anchor: segment.anchor, pattern: segment.pattern, lead }
          : { start: s, end: e, anchor: segment.anchor, pattern: segment.pattern },
      );
    }
  }
  for (const takeover of takeovers) {
    const plays: PatternPlay[] = [];
    let offset = 0;
    for (const { emergency, content } of takeover.active) {
      plays.push([
        offset,
        content.seconds,
        cueOf({
          creativeId: content.creativeId,
          message: content.creativeId === null ? emergency.message : null,
          reason: 'emergency',
          campaignId: null,
          donationId: null,
          emergencyId: emergency.id,
          entryId: null,
        }),
      ]);
      offset += content.seconds;
    }
    segments.push({
      start: takeover.start,
      end: takeover.end,
      anchor: takeover.start,
      pattern: patternOf(offset, plays),
    });
  }
  segments.sort((x, y) => x.start - y.start);
  return { ...base, cues: table.cues, patterns, segments: mergeSegments(segments) };
}

function candidateKey(c: Candidate): string {
  return `${c.creativeId}:${c.kind}:${c.weight}:${c.slots}`;
}

function activeKey(a: ActiveCampaign): unknown[] {
  const { id, priority, frequency, minGapSeconds } = a.campaign;
  return [id, priority, frequency, minGapSeconds, a.candidates.map(candidateKey)];
}

/** A plan's table of cues: each distinct cue once, found by a plain join of its fields (called for every play placed). */
class CueTable {
  readonly cues: PlanCue[];
  private readonly index = new Map<string, number>();

  constructor(start: readonly PlanCue[] = []) {
    this.cues = [...start];
    this.cues.forEach((cue, i) => this.index.set(cueKey(cue), i));
  }

  indexOf(cue: PlanCue): number {
    const key = cueKey(cue);
    let found = this.index.get(key);
    if (found === undefined) {
      found = this.cues.push(cue) - 1;
      this.index.set(key, found);
    }
    return found;
  }
}

function cueKey(cue: PlanCue): string {
  return `${cue.reason}|${cue.creativeId}|${cue.campaignId}|${cue.donationId}|${cue.emergencyId}|${cue.entryId}|${
    cue.message ? stableStringify(cue.message) : ''
  }`;
}

/**
 * A plan's table of the cues PlanCache.cue made, found by their numbers in the cache (a plan maps
 * the cues of every filled period it uses into its own table: millions over a network, and a map
 * by cue object cost a hash lookup each). The lists by number are the cache's, shared by every
 * table: a table's entries are those marked with its stamp, so no table clears them.
 */
class SharedCueTable {
  readonly cues: PlanCue[] = [];

  constructor(
    private readonly marks: CueMarks,
    private readonly stamp: number,
    /** Its plan's number in the cache: no two plans of a cache share one (stamps start again, these never). */
    readonly plan: number,
    private readonly cuesByNumber: readonly PlanCue[],
  ) {}

  indexOf(number: number): number {
    const { marks } = this;
    if (number >= marks.stamps.length) marks.grow(number);
    if (marks.stamps[number] === this.stamp) return marks.index[number];
    marks.stamps[number] = this.stamp;
    return (marks.index[number] = this.cues.push(this.cuesByNumber[number]) - 1);
  }
}

/** By cue number: the stamp of the table that last took the cue, and its index there. */
class CueMarks {
  stamps = new Int32Array(1024);
  index = new Int32Array(1024);
  /** Tables made so far: a new table's stamp (0 marks nothing). */
  tables = 0;

  grow(number: number): void {
    let size = this.stamps.length;
    while (size <= number) size *= 2;
    const stamps = new Int32Array(size);
    const index = new Int32Array(size);
    stamps.set(this.stamps);
    index.set(this.index);
    this.stamps = stamps;
    this.index = index;
  }
}

/** The first whole loop of the screen's local day that `at` falls in. */
function localDayStart(cache: PlanCache, zone: string, at: Instant, grid: number): Instant {
  const midnights = cache.localMidnights(zone, at - 2 * 86_400_000, at + 1);
  const midnight = midnights.filter((m) => m <= at).at(-1) ?? at;
  return Math.min(at, Math.ceil(midnight / grid) * grid);
}

function clampTo(from: Instant, to: Instant) {
  return ([a, b]: readonly [number, number]): Interval => [Math.max(a, from), Math.min(b, to)];
}

function candidateOf(
  creative: ScheduleCreative,
  weight: number,
  showSeconds: number | null,
  policy: LoopPolicy,
): Candidate {
  const seconds = creative.kind === 'image' ? (showSeconds ?? policy.slotSeconds) : (creative.durationSeconds ?? 0);
  return {
    creativeId: creative.id,
    kind: creative.kind,
    weight: Math.max(1, weight),
    slots: Math.max(1, Math.ceil(seconds / policy.slotSeconds - 1e-9)),
  };
}

type EmergencyContent = { readonly creativeId: string | null; readonly seconds: number };

/** What an emergency shows, and when: its poster while that is valid, else its message. */
function emergencyContents(
  emergency: ScheduleEmergency,
  creatives: ReadonlyMap<string, ScheduleCreative>,
  policy: LoopPolicy,
): { content: EmergencyContent; valid: Interval[] }[] {
  const always: Interval[] = [[-Infinity, Infinity]];
  const out: { content: EmergencyContent; valid: Interval[] }[] = [];
  let rest = always;
  const creative = emergency.creativeId === null ? undefined : creatives.get(emergency.creativeId);
  if (creative) {
    const seconds =
      creative.kind === 'image'
        ? (emergency.durationSeconds ?? policy.slotSeconds)
        : Math.ceil(creative.durationSeconds ?? policy.slotSeconds);
    const valid = normalise([[creative.validFrom ?? -Infinity, creative.validUntil ?? Infinity]]);
    out.push({ content: { creativeId: creative.id, seconds: Math.max(1, seconds) }, valid });
    rest = subtract(always, valid);
  }
  if (emergency.message && rest.length > 0) {
    out.push({
      content: { creativeId: null, seconds: Math.max(1, emergency.durationSeconds ?? MESSAGE_SECONDS) },
      valid: rest,
    });
  }
  return out;
}

/** The play under way at `at` in a loop pattern, as the rest of it: what a loop resumes with after an emergency. */
function leadAt(pattern: PlaysPattern, anchor: Instant, at: Instant): readonly [number, number] | null {
  const period = pattern.periodSeconds * 1000;
  const base = anchor + Math.floor((at - anchor) / period) * period;
  const offset = (at - base) / 1000;
  for (const play of pattern.plays) {
    const [start, length] = play;
    if (start < offset && start + length > offset) return [start + length - offset, cueOfPlay(pattern, play)];
    if (start >= offset) break;
  }
  return null;
}

/** What a period without donations keeps of them: one object for all (most periods have none). */
const NO_COUNTS: ReadonlyMap<string, readonly number[]> = new Map();
const NO_SHORTFALL: SharedAirtime['shortfall'] = [];
const NO_CUES = new Int32Array(0);
const NO_TIMES: readonly Interval[] = Object.freeze([]);
const NO_FORM_IDS = new Int32Array(0);

/**
 * Per-loop counts as a kept period holds them: the lists that are all zeros left out (a donation
 * missing from a period's counts gave and missed nothing there), the rest shared.
 */
function keptCounts(
  byDonation: ReadonlyMap<string, readonly number[]>,
  cache: PlanCache,
): ReadonlyMap<string, readonly number[]> {
  let kept: Map<string, readonly number[]> | undefined;
  for (const [donationId, perLoop] of byDonation) {
    if (perLoop.some((count) => count !== 0)) (kept ??= new Map()).set(donationId, cache.loopCounts(perLoop));
  }
  return kept ?? NO_COUNTS;
}

/** A period's shortfalls as it keeps them (see SharedAirtime). */
function keptShortfall(
  byDonation: ReadonlyMap<string, readonly number[]>,
  cache: PlanCache,
): SharedAirtime['shortfall'] {
  const kept = keptCounts(byDonation, cache);
  return kept === NO_COUNTS ? NO_SHORTFALL : [...kept].map(([donationId, perLoop]) => ({ donationId, perLoop }));
}

/** A stretch of a donation's shortfall, open to the next while a plan is made. */
interface Stretch {
  readonly donationId: string;
  readonly start: Instant;
  end: Instant;
  seconds: number;
}

/**
 * Records the shortfalls of a segment (segments come in order): a stretch that follows the last
 * one of its donation at the same rate is added to it (reports and forecasts take a part of a
 * stretch pro rata, so only at the same rate), else it starts a new one.
 */
function recordShortfalls(
  out: Map<string, Stretch[]>,
  airtime: Pick<SharedAirtime, 'periodSeconds' | 'shortfall'>,
  start: Instant,
  end: Instant,
  grid: number,
): void {
  if (airtime.shortfall.length === 0) return;
  const loopsPerPeriod = airtime.periodSeconds / (grid / 1000);
  const first = Math.floor(start / grid);
  const last = first + Math.ceil((end - start) / grid);
  for (const { donationId, perLoop } of airtime.shortfall) {
    const seconds = loopSums(perLoop, loopsPerPeriod).between(first, last);
    if (seconds <= 0) continue;
    const stretches = out.get(donationId);
    if (!stretches) {
      out.set(donationId, [{ donationId, start, end, seconds }]);
      continue;
    }
    const before = stretches[stretches.length - 1];
    if (before.end === start && before.seconds * (end - start) === seconds * (before.end - before.start)) {
      before.end = end;
      before.seconds += seconds;
    } else stretches.push({ donationId, start, end, seconds });
  }
}

function mergeSegments(segments: readonly PlanSegment[]): PlanSegment[] {
  const out: PlanSegment[] = [];
  for (const segment of segments) {
    const last = out[out.length - 1];
    if (
      last &&
      last.end === segment.start &&
      last.pattern === segment.pattern &&
      last.anchor === segment.anchor &&
      !segment.lead
    ) {
      out[out.length - 1] = { ...last, end: segment.end };
    } else out.push(segment);
  }
  return out;
}

/** A plan's shortfalls by donation, then in time order (as recordShortfalls made them, segment by segment). */
function shortfallsInOrder(byDonation: ReadonlyMap<string, Stretch[]>): PlanShortfall[] {
  const out: PlanShortfall[] = [];
  for (const donationId of [...byDonation.keys()].sort((x, y) => x.localeCompare(y) || (x < y ? -1 : 1))) {
    for (const stretch of byDonation.get(donationId)!) out.push(stretch);
  }
  return out;
}

export type { ScheduleScreen };

/**
 * The shortest run of whole loops a period's plays repeat in: an hour of loops that are all alike
 * is sent as one loop. Expanding it gives the same plays, in a fraction of the bytes. A filling
 * gives `loopStarts` (where each loop's plays start, and the end; none crosses into the next
 * loop), which spares a pass over every play: tens of millions of them over a network.
 */
export function shortestRepeat(
  periodSeconds: number,
  plays: readonly PatternPlay[],
  loopSeconds: number,
  loopStarts?: Int32Array,
): { periodSeconds: number; plays: readonly PatternPlay[] } {
  const loops = Math.round(periodSeconds / loopSeconds);
  if (loops <= 1 || periodSeconds % loopSeconds !== 0) return { periodSeconds, plays };
  let starts = loopStarts;
  if (!starts) {
    // where each loop's plays start in the list (plays are in offset order)
    starts = new Int32Array(loops + 1);
    for (let k = 0; k < plays.length; k++) {
      const offset = plays[k][0];
      const length = plays[k][1];
      const loop = Math.floor(offset / loopSeconds);
      // a play crossing into the next loop would not repeat with a shorter period
      if (offset + length > (loop + 1) * loopSeconds) return { periodSeconds, plays };
      starts[loop + 1]++;
    }
    for (let i = 0; i < loops; i++) starts[i + 1] += starts[i];
  }
  /** Whether loop i plays what loop j plays, at the same moments of the loop. */
  const alike = (i: number, j: number) => {
    const n = starts[i + 1] - starts[i];
    if (n !== starts[j + 1] - starts[j]) return false;
    const shift = (i - j) * loopSeconds;
    for (let k = 0; k < n; k++) {
      const x = plays[starts[i] + k];
      const y = plays[starts[j] + k];
      if (x[0] - shift !== y[0] || x[1] !== y[1] || x[2] !== y[2]) return false;
    }
    return true;
  };
  for (let run = 1; run < loops; run++) {
    if (loops % run !== 0) continue;
    let repeats = true;
    for (let i = run; i < loops && repeats; i++) repeats = alike(i, i % run);
    if (repeats) return { periodSeconds: run * loopSeconds, plays: plays.slice(0, starts[run]) };
  }
  return { periodSeconds, plays };
}
