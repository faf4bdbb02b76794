/**
 * The playlist format: what a screen plays for the next fourteen days, as the scheduler made it.
 * Compact on the wire (a period's worth of plays, or what fills a period, repeated over segments
 * of time in which nothing changes) and expanded into exact plays by the same code on the server
 * (previews, reports) and in the player. No time zones here: every instant is UTC milliseconds,
 * the scheduler has already turned the screen's local dayparts and hours into them.
 */
import {
  type ActiveCampaign,
  activeCampaignOf,
  type ActiveFiller,
  type ActiveSet,
  type Candidate,
  type CueCatalog,
  type FillCampaign,
  type FillDonation,
  fillAirtime,
  fillDonations,
  fillPeriodSeconds,
} from './airtime.js';
import { LoopSums } from './loop-sums.js';

/** Why a play is on the screen, for proof of play and reports. */
export type PlayReason = 'campaign' | 'donation' | 'filler' | 'emergency';

/** A text shown full screen instead of a creative (an emergency without a poster). */
export interface PlanMessage {
  readonly text: string;
  /** CSS colours; the player's defaults are white on red. */
  readonly background?: string;
  readonly foreground?: string;
}

/**
 * One kind of play: what shows and why. Plays point at cues by index, so a plan that repeats the
 * same creative for the same campaign a thousand times names it once.
 */
export interface PlanCue {
  /** Null for a message. */
  readonly creativeId: string | null;
  readonly message: PlanMessage | null;
  readonly reason: PlayReason;
  readonly campaignId: string | null;
  readonly donationId: string | null;
  readonly emergencyId: string | null;
  /** The playlist entry (an assignment to the screen, its group or its owner) a filler play comes from. */
  readonly entryId: string | null;
}

/** A play inside a pattern: [offset from the period's start, length, cue index], seconds. */
export type PatternPlay = readonly [offsetSeconds: number, lengthSeconds: number, cue: number];

/** A period of plays that repeats; for loops, a whole number of loops (usually an hour). */
export interface PlaysPattern {
  readonly periodSeconds: number;
  /** In offset order; they never overlap. Time no play covers is empty airtime (no filler existed). */
  readonly plays: readonly PatternPlay[];
  /**
   * When present, a play's cue number is an index into this list, which gives the index in the
   * plan's `cues` (patterns made once and shared by many plans keep their own numbering).
   */
  readonly cueMap?: readonly number[];
}

/** The index in the plan's cues of a play of this pattern. */
export function cueOfPlay(pattern: PlaysPattern, play: PatternPlay): number {
  return pattern.cueMap ? pattern.cueMap[play[2]] : play[2];
}

/** A campaign as a period's filling reads it: the creatives that may play then, with the slots each takes. */
export interface PlanForm {
  readonly campaign: FillCampaign;
  readonly candidates: readonly Candidate[];
}

/**
 * What fills a period, for fillAirtime to work out its plays where they are needed (the player
 * for itself, the server for a preview or a report). Lists of campaigns are named by their index
 * in the plan's `lists` (each a list of indices in its `forms`, in the order the filling reads
 * them), donations by their index in its `donations`, default content by its index in its
 * `fillers`: a plan's periods read the same lists and donations again and again, and written out
 * in each they were half of a plan. The plays' cues say what they show and why as any cue does;
 * they need not be in the plan's `cues`.
 */
export interface PlanFill {
  /** The campaigns in the screen's own airtime: a list of the plan's `lists`. */
  readonly own: number;
  /** Donated airtime: a donation of the plan's `donations`, with the list of campaigns that may fill it. */
  readonly donations: readonly (readonly [donation: number, carriers: number])[];
  readonly filler: readonly number[];
}

/**
 * A fill as protocol 2 wrote it, its lists of campaigns and its donations written out in it. Still
 * read: a player updated to protocol 3 may hold such a plan, or be sent one that a server stored
 * before it was updated (until it composes the screen's playlist again).
 */
interface PlanFillOfProtocol2 {
  readonly own: readonly number[];
  readonly donations: readonly { readonly donation: FillDonation; readonly carriers: readonly number[] }[];
  readonly filler: readonly number[];
}

/**
 * A period (a whole number of loops) whose plays are what its filling gives: a plan of a
 * network's screens holds hundreds of periods of hundreds of plays each, and most of them are
 * never needed anywhere but on the screen itself.
 */
export interface FillPattern {
  readonly periodSeconds: number;
  readonly fill: PlanFill;
}

export type PlanPattern = PlaysPattern | FillPattern;

/**
 * A stretch of time in which one pattern repeats. The pattern's periods start at `anchor` and
 * every `periodSeconds` after it; only plays starting within [start, end) belong to the segment,
 * and a play running past `end` is cut there.
 */
export interface PlanSegment {
  readonly start: number;
  readonly end: number;
  readonly anchor: number;
  readonly pattern: number;
  /**
   * When the segment starts inside a play (after an emergency ends mid-loop): that play, shown
   * from `start` for the rest of its time, so the screen is never empty while the loop catches up.
   * Without it, expanding finds that play itself (the pattern of a period left to its filling is
   * filled only where it is expanded).
   */
  readonly lead?: readonly [lengthSeconds: number, cue: number];
}

/** Donated airtime nothing eligible could fill, recorded for the donor's report. */
export interface PlanShortfall {
  readonly donationId: string;
  readonly start: number;
  readonly end: number;
  readonly seconds: number;
}

export interface SchedulePlan {
  /** The window the plan covers, UTC ms. */
  readonly from: number;
  readonly to: number;
  readonly loopSeconds: number;
  readonly slotSeconds: number;
  readonly cues: readonly PlanCue[];
  readonly patterns: readonly PlanPattern[];
  /** In time order, never overlapping. Time no segment covers is time the screen is off. */
  readonly segments: readonly PlanSegment[];
  /**
   * Shortfalls in the periods whose plays it lists; none for those left to their filling (ask
   * shortfallSeconds, which works those out).
   */
  readonly shortfalls: readonly PlanShortfall[];
  /** The campaigns fill patterns read (absent when none does). */
  readonly forms?: readonly PlanForm[];
  /** The default content fill patterns read (absent when none does). */
  readonly fillers?: readonly ActiveFiller[];
  /** The lists of campaigns fill patterns read, by their indices in `forms`, each list once (absent when none does). */
  readonly lists?: readonly (readonly number[])[];
  /** The donations fill patterns read, each once (absent when none does). */
  readonly donations?: readonly FillDonation[];
  /**
   * The starts of the screen's local days (the first whole loop of each), from the one `from`
   * falls in, when a donation covering the screen has a daily cap: the plan's readers count the caps
   * (see countedPlan). Its segments then start at the first of them, before `from`, so that the
   * plays earlier in that day are counted (not played: a plan plays from its first whole loop in
   * `from` on). Absent: the plan has no cap to count.
   */
  readonly days?: readonly number[];
}

/** One exact play, expanded from a plan. */
export interface Play {
  readonly start: number;
  readonly end: number;
  readonly cue: PlanCue;
  readonly cueIndex: number;
  /** True when it starts later or ends sooner than its slot: an emergency cut in, or it leads a resumed loop. */
  readonly cut: boolean;
}

export interface ExpandOptions {
  /**
   * Whether what fill patterns give is kept with the plan for the next call (the default: a player
   * asks for its next play every few seconds), or is for this call only (a server reading many
   * plans once, for a preview or a report, would keep every plan's plays with it).
   */
  readonly keepFillings?: boolean;
}

/**
 * The plays of a plan that overlap [from, to), in time order. Arithmetic over the patterns (and the
 * filling of fill patterns, once), so the player can call it every time it needs its next item
 * without a time-zone database.
 */
export function expandPlan(plan: SchedulePlan, from: number, to: number, options: ExpandOptions = {}): Play[] {
  const plays: Play[] = [];
  let filling: PlanFilling | undefined;
  const fillingNow = () => (filling ??= options.keepFillings === false ? fillingFor(plan) : fillingOf(plan));
  const counted = countedOf(plan, fillingNow);
  for (const segment of counted.segments) {
    if (segment.end <= from || segment.start >= to) continue;
    const planned = counted.patterns[segment.pattern];
    const pattern = 'fill' in planned ? filledPattern(plan, planned, fillingNow()) : planned;
    const period = pattern.periodSeconds * 1000;
    const emit = (start: number, end: number, cueIndex: number, cut: boolean) => {
      const clippedEnd = Math.min(end, segment.end);
      if (clippedEnd <= from || start >= to || clippedEnd <= start) return;
      plays.push({
        start,
        end: clippedEnd,
        cue: cueAt(plan, cueIndex, fillingNow),
        cueIndex,
        cut: cut || clippedEnd < end,
      });
    };
    if (segment.lead) emit(segment.start, segment.start + segment.lead[0] * 1000, segment.lead[1], true);
    if (pattern.plays.length === 0 || period <= 0) continue;
    const lower = Math.max(segment.start, from);
    // the first period that can hold a play ending after `lower`
    let k = Math.floor((lower - segment.anchor) / period) - 1;
    for (; ; k++) {
      const base = segment.anchor + k * period;
      if (base >= segment.end || base >= to) break;
      for (const play of pattern.plays) {
        const [offset, length] = play;
        const cueIndex = cueOfPlay(pattern, play);
        const start = base + offset * 1000;
        if (start < segment.start) {
          // the play under way where the segment starts, when the plan did not name it
          const end = start + length * 1000;
          if (!segment.lead && end > segment.start) emit(segment.start, end, cueIndex, true);
          continue;
        }
        if (start >= segment.end || start >= to) break;
        emit(start, start + length * 1000, cueIndex, false);
      }
    }
  }
  return plays;
}

/** The play on screen at an instant, or null when the screen is off or the airtime is empty. */
export function playAt(plan: SchedulePlan, at: number): Play | null {
  return expandPlan(plan, at, at + 1).find((p) => p.start <= at && p.end > at) ?? null;
}

/**
 * The campaigns on air at this instant: those with plays in the stretch of the plan it falls in
 * (emergencies and filler are no campaigns), in the order they first play there. What the
 * ticker and QR zones show follows them.
 */
export function campaignsOnAir(plan: SchedulePlan, at: number): string[] {
  const counted = countedPlan(plan);
  const segment = counted.segments.find((s) => s.start <= at && at < s.end);
  if (!segment) return [];
  const pattern = playsOf(plan, counted.patterns[segment.pattern]);
  const ids = new Set<string>();
  for (const play of pattern.plays) {
    const id = cueAt(plan, cueOfPlay(pattern, play), () => fillingOf(plan)).campaignId;
    if (id !== null) ids.add(id);
  }
  return [...ids];
}

/** A fill pattern's plays, as its filling gives them. */
interface FilledPattern extends PlaysPattern {
  readonly cueMap: readonly number[];
  /** Per loop of its period: donated seconds nothing could fill, by donation id. */
  readonly shortfall: ReadonlyMap<string, readonly number[]>;
}

/**
 * What fillings of one plan share: its campaigns as fillings read them, and its cues by content:
 * the plan's, then those its fillings made (numbered after them).
 */
interface PlanFilling {
  readonly forms: readonly ActiveCampaign[];
  readonly cues: readonly PlanCue[];
  readonly catalog: CueCatalog;
  /**
   * Its fill patterns filled, each once: the player asks for the play under way every few
   * seconds. By plan, as the cues fillings make are numbered after the plan's own (a plan laid
   * over another, with emergencies, shares its patterns but not its numbering).
   */
  readonly filled: Map<FillPattern, FilledPattern>;
}

const fillingOfPlan = new WeakMap<SchedulePlan, PlanFilling>();

/** A cue of the plan's, or one a filling of it made (numbered after the plan's). */
function cueAt(plan: SchedulePlan, index: number, filling: () => PlanFilling): PlanCue {
  return index < plan.cues.length ? plan.cues[index] : filling().cues[index];
}

/**
 * The donated seconds nothing eligible could fill in [from, to), by donation id: as the plan
 * records them (`shortfalls`, pro rata inside the window) where it lists its plays, and as the
 * filling of each period gives them, loop by loop, where it leaves them to their filling. Only
 * readers that report on donations ask (players never do), so plans do not carry them.
 */
export function shortfallSeconds(plan: SchedulePlan, from: number, to: number): Map<string, number> {
  const seconds = new Map<string, number>();
  const add = (donationId: string, more: number) => seconds.set(donationId, (seconds.get(donationId) ?? 0) + more);
  for (const s of plan.shortfalls) {
    const overlap = Math.max(0, Math.min(s.end, to) - Math.max(s.start, from));
    if (overlap > 0 && s.end > s.start) add(s.donationId, (s.seconds * overlap) / (s.end - s.start));
  }
  const loop = plan.loopSeconds * 1000;
  const counted = countedPlan(plan);
  for (const segment of counted.segments) {
    const pattern = counted.patterns[segment.pattern];
    const start = Math.max(segment.start, from);
    const end = Math.min(segment.end, to);
    if (!pattern || !('fill' in pattern) || start >= end) continue;
    const { shortfall, periodSeconds } = filledPattern(plan, pattern, fillingOf(plan));
    if (shortfall.size === 0) continue;
    const loops = periodSeconds / plan.loopSeconds;
    // the loops starting inside, each by its place in the period from the segment's anchor
    for (let at = segment.anchor + Math.ceil((start - segment.anchor) / loop) * loop; at < end; at += loop) {
      const index = Math.round((at - segment.anchor) / loop) % loops;
      for (const [donationId, perLoop] of shortfall) if (perLoop[index] > 0) add(donationId, perLoop[index]);
    }
  }
  return seconds;
}

/** The plays of a pattern: those it lists, or those its filling gives (worked out once, then kept). */
export function playsOf(plan: SchedulePlan, pattern: PlanPattern): PlaysPattern {
  return 'fill' in pattern ? filledPattern(plan, pattern, fillingOf(plan)) : pattern;
}

function filledPattern(plan: SchedulePlan, pattern: FillPattern, filling: PlanFilling): FilledPattern {
  let filled = filling.filled.get(pattern);
  if (filled) return filled;
  const airtime = fillAirtime(policyOf(plan), activeSetOf(plan, pattern.fill, filling), filling.catalog);
  // its own period, should it differ from the plan's (a filling of another version): plays go on
  filled = {
    periodSeconds: airtime.periodSeconds,
    plays: airtime.plays,
    cueMap: airtime.cueNumbers,
    shortfall: airtime.shortfall,
  };
  filling.filled.set(pattern, filled);
  return filled;
}

/** What a fill names, as fillAirtime reads it. */
function activeSetOf(plan: SchedulePlan, planFill: PlanFill, filling: PlanFilling): ActiveSet {
  const { forms } = filling;
  const formAt = (index: number) => {
    const form = forms[index];
    if (!form) throw new Error(`the plan's fill names campaign form ${index}, which it does not have`);
    return form;
  };
  const fillerAt = (index: number) => {
    const filler = plan.fillers?.[index];
    if (!filler) throw new Error(`the plan's fill names default content ${index}, which it does not have`);
    return filler;
  };
  const listAt = (index: number) => {
    const list = plan.lists?.[index];
    if (!list) throw new Error(`the plan's fill names list ${index}, which it does not have`);
    return list.map(formAt);
  };
  const fill = planFill as PlanFill | PlanFillOfProtocol2;
  const donations: readonly (PlanFill | PlanFillOfProtocol2)['donations'][number][] = fill.donations;
  return {
    own: typeof fill.own === 'number' ? listAt(fill.own) : fill.own.map(formAt),
    donations: donations.map((d) =>
      'donation' in d
        ? { donation: d.donation, fillers: d.carriers.map(formAt) }
        : { donation: donationAt(plan, d[0]), fillers: listAt(d[1]) },
    ),
    filler: fill.filler.map(fillerAt),
  };
}

function donationAt(plan: SchedulePlan, index: number): FillDonation {
  const donation = plan.donations?.[index];
  if (!donation) throw new Error(`the plan's fill names donation ${index}, which it does not have`);
  return donation;
}

function policyOf(plan: SchedulePlan) {
  return { loopSeconds: plan.loopSeconds, slotSeconds: plan.slotSeconds };
}

/** A plan's segments and patterns as it plays, its daily caps counted (see countedPlan). */
export interface CountedPlan {
  readonly segments: readonly PlanSegment[];
  readonly patterns: readonly PlanPattern[];
}

const countedOfPlan = new WeakMap<SchedulePlan, CountedPlan>();

/**
 * The plan as it plays where it leaves daily caps to its readers (`days`): each capped donation's
 * plays are counted loop by loop from the start of each local day, and from the loop that would
 * pass its cap to the day's end the donation is dropped from the periods it fills (its slots go
 * back to the screen's own campaigns, as when it is not on). A loop is counted once, where any of
 * it plays: one an emergency takes over whole is not (the donation's plays did not show), and one
 * it cuts into counts whole. Worked out once per plan, and the same wherever the plan is read:
 * the player, previews and reports. The plan itself where it has no `days`.
 */
export function countedPlan(plan: SchedulePlan): CountedPlan {
  return countedOf(plan, () => fillingOf(plan));
}

function countedOf(plan: SchedulePlan, filling: () => PlanFilling): CountedPlan {
  const { days } = plan;
  if (!days || days.length === 0) return plan;
  let counted = countedOfPlan.get(plan);
  if (!counted) countedOfPlan.set(plan, (counted = countCaps(plan, days, filling())));
  return counted;
}

function countCaps(plan: SchedulePlan, days: readonly number[], filling: PlanFilling): CountedPlan {
  const loop = plan.loopSeconds * 1000;
  const policy = policyOf(plan);
  const caps = (plan.donations ?? []).map((d) => d.maxPlaysPerDay);
  const patterns: PlanPattern[] = [...plan.patterns];
  const segments: PlanSegment[] = [];
  // a fill pattern without the donations stopped for the day, by its index and theirs
  const without = new Map<string, number>();
  const patternWithout = (index: number, stopped: readonly boolean[]): number => {
    const fill = (plan.patterns[index] as FillPattern).fill;
    const kept = fill.donations.filter(([d]) => !stopped[d]);
    if (kept.length === fill.donations.length) return index;
    const key = `${index}|${fill.donations
      .filter(([d]) => stopped[d])
      .map(([d]) => d)
      .join(',')}`;
    let found = without.get(key);
    if (found === undefined) {
      const less: PlanFill = { own: fill.own, donations: kept, filler: fill.filler };
      const periodSeconds = fillPeriodSeconds(policy, activeSetOf(plan, less, filling));
      without.set(key, (found = patterns.push({ periodSeconds, fill: less }) - 1));
    }
    return found;
  };
  // What the capped donations of a pattern get, by pattern. Capped donations are placed first, after
  // the screen's campaigns of class emergency only: what they get is given by those, the capped
  // donations with their carriers and the period, and patterns alike in that share it (fillDonations)
  const partOf = new Map<number, CappedPart>();
  const parts = new Map<string, CappedPart>();
  const cappedPart = (index: number): CappedPart => {
    let part = partOf.get(index);
    if (part) return part;
    const pattern = patterns[index] as FillPattern;
    const capped = pattern.fill.donations.filter(([d]) => caps[d] !== null);
    const active = activeSetOf(plan, { ...pattern.fill, donations: capped }, filling);
    const urgent = active.own.filter((a) => a.campaign.priority === 'emergency');
    const key = `${pattern.periodSeconds}|${urgent.map((a) => filling.forms.indexOf(a)).join(',')}|${capped.join(';')}`;
    part = parts.get(key);
    if (!part) {
      const { donated } = fillDonations(policy, { ...active, own: urgent }, filling.catalog, pattern.periodSeconds);
      const loops = pattern.periodSeconds / plan.loopSeconds;
      part = {
        donations: capped.map(([d]) => d),
        sums: capped.map(([d]) => new LoopSums(donated.get(plan.donations![d].id), loops)),
      };
      parts.set(key, part);
    }
    partOf.set(index, part);
    return part;
  };
  const push = (segment: PlanSegment) => {
    const last = segments[segments.length - 1];
    if (
      last &&
      !segment.lead &&
      last.end === segment.start &&
      last.pattern === segment.pattern &&
      last.anchor === segment.anchor
    )
      segments[segments.length - 1] = { ...last, end: segment.end };
    else segments.push(segment);
  };

  // the plan's own loops: whole ones from `from` on (those before it are counted, not played;
  // emergencies are laid over the window only)
  const firstLoop = Math.ceil(plan.from / loop) * loop;
  let day = -1;
  const played = new Array<number>(caps.length).fill(0);
  const stopped = new Array<boolean>(caps.length).fill(false);
  // the loops counted so far, by their numbers from the epoch: a loop an emergency cuts into is counted once
  let countedTo = -Infinity;
  for (const segment of plan.segments) {
    const base = plan.patterns[segment.pattern];
    if (!('fill' in base)) {
      push(segment);
      continue;
    }
    let t = segment.start;
    while (t < segment.end) {
      while (day + 1 < days.length && days[day + 1] <= t) {
        day++;
        played.fill(0);
        stopped.fill(false);
      }
      const end = Math.min(segment.end, day + 1 < days.length ? days[day + 1] : Infinity);
      const index = patternWithout(segment.pattern, stopped);
      const pattern = patterns[index] as FillPattern;
      // the loops from `first` on: the one that would pass a cap stops the donations it would pass
      let stop = end;
      const { donations, sums } = cappedPart(index);
      const first = Math.max(Math.floor(t / loop), countedTo);
      const loops = Math.max(0, Math.ceil(end / loop) - first);
      let over = loops;
      for (let k = 0; k < donations.length; k++) {
        over = Math.min(over, sums[k].firstOver(first, loops, caps[donations[k]]! - played[donations[k]]));
      }
      for (let k = 0; k < donations.length; k++) {
        const d = donations[k];
        played[d] += sums[k].between(first, first + over);
        // stopped from the loop that would pass its cap (that loop is counted again without it)
        if (over < loops && played[d] + sums[k].between(first + over, first + over + 1) > caps[d]!) stopped[d] = true;
      }
      countedTo = first + over;
      if (over < loops) stop = Math.max(t, (first + over) * loop);
      const start = Math.max(t, firstLoop);
      if (stop > start) {
        const period = pattern.periodSeconds * 1000;
        const anchor = index === segment.pattern ? segment.anchor : Math.floor(t / period) * period;
        const lead = start === segment.start ? segment.lead : undefined;
        push(lead ? { start, end: stop, anchor, pattern: index, lead } : { start, end: stop, anchor, pattern: index });
      }
      t = stop;
    }
  }
  return { segments, patterns };
}

/** What a pattern's capped donations get: their indices in the plan, and their plays loop by loop. */
interface CappedPart {
  readonly donations: readonly number[];
  readonly sums: readonly LoopSums[];
}

function fillingOf(plan: SchedulePlan): PlanFilling {
  let filling = fillingOfPlan.get(plan);
  if (!filling) fillingOfPlan.set(plan, (filling = fillingFor(plan)));
  return filling;
}

/** A plan's fillings, made anew (fillingOf keeps them with the plan). */
function fillingFor(plan: SchedulePlan): PlanFilling {
  // a filling's cues are campaign, donation and filler cues (no message): found by what they say
  const cues = [...plan.cues];
  const byContent = new Map<string, number>();
  cues.forEach((cue, index) => {
    if (cue.message === null && cue.emergencyId === null) byContent.set(contentOf(cue), index);
  });
  const indexOf = (cue: PlanCue) => {
    const key = contentOf(cue);
    let index = byContent.get(key);
    if (index === undefined) byContent.set(key, (index = cues.push(cue) - 1));
    return index;
  };
  return {
    forms: (plan.forms ?? []).map((form) => activeCampaignOf(form.campaign, form.candidates)),
    cues,
    catalog: { canonical: (cue) => cues[indexOf(cue)], numberOf: indexOf },
    filled: new Map(),
  };
}

/**
 * The creatives a plan may play: those of its cues, then those of the campaigns and default
 * content its fill patterns read (what a screen must have in its cache), each once.
 */
export function planCreativeIds(plan: SchedulePlan): string[] {
  const ids = new Set<string>();
  for (const cue of plan.cues) if (cue.creativeId !== null) ids.add(cue.creativeId);
  for (const form of plan.forms ?? []) for (const c of form.candidates) ids.add(c.creativeId);
  for (const filler of plan.fillers ?? []) ids.add(filler.candidate.creativeId);
  return [...ids];
}

/** The campaigns a plan may play: those of its cues, then those its fill patterns read, each once. */
export function planCampaignIds(plan: SchedulePlan): string[] {
  const ids = new Set<string>();
  for (const cue of plan.cues) if (cue.campaignId !== null) ids.add(cue.campaignId);
  for (const form of plan.forms ?? []) ids.add(form.campaign.id);
  return [...ids];
}

function contentOf(cue: PlanCue): string {
  return `${cue.reason}|${cue.creativeId}|${cue.campaignId}|${cue.donationId}|${cue.entryId}`;
}
