/**
 * The playlist format: what a screen plays for the next fourteen days, as the scheduler made it.
 * Compact on the wire (a period's worth of plays, repeated over segments of time in which
 * nothing changes) and expanded into exact plays by the same code on the server (previews,
 * reports) and in the player. No time zones here: every instant is UTC milliseconds, the
 * scheduler has already turned the screen's local dayparts and hours into them.
 */

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
export interface PlanPattern {
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
export function cueOfPlay(pattern: PlanPattern, play: PatternPlay): number {
  return pattern.cueMap ? pattern.cueMap[play[2]] : play[2];
}

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
  readonly shortfalls: readonly PlanShortfall[];
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

/**
 * The plays of a plan that overlap [from, to), in time order. Pure arithmetic, so the player can
 * call it every time it needs its next item without a time-zone database.
 */
export function expandPlan(plan: SchedulePlan, from: number, to: number): Play[] {
  const plays: Play[] = [];
  for (const segment of plan.segments) {
    if (segment.end <= from || segment.start >= to) continue;
    const pattern = plan.patterns[segment.pattern];
    const period = pattern.periodSeconds * 1000;
    const emit = (start: number, end: number, cueIndex: number, cut: boolean) => {
      const clippedEnd = Math.min(end, segment.end);
      if (clippedEnd <= from || start >= to || clippedEnd <= start) return;
      plays.push({
        start,
        end: clippedEnd,
        cue: plan.cues[cueIndex],
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
        if (start < segment.start) continue;
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
  const segment = plan.segments.find((s) => s.start <= at && at < s.end);
  if (!segment) return [];
  const pattern = plan.patterns[segment.pattern];
  const ids = new Set<string>();
  for (const play of pattern.plays) {
    const id = plan.cues[cueOfPlay(pattern, play)].campaignId;
    if (id !== null) ids.add(id);
  }
  return [...ids];
}
