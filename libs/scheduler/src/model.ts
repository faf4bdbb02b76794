import type { CreativeKind, FillCampaign, FillDonation, LoopPolicy, OperatingWindow, PlanMessage } from '@loa/protocol';
import type { ScreenKind } from '@loa/screens';

// what the filling reads is defined with it, in the playlist format's library
export { PRIORITIES } from '@loa/protocol';
export type { CreativeKind, DonationAmount, Frequency, LoopPolicy, Priority } from '@loa/protocol';

/** UTC milliseconds. */
export type Instant = number;

/** What the scheduler knows of a screen. Paths are organisation materialised paths ("/<id>/…/"). */
export interface ScheduleScreen {
  readonly id: string;
  readonly kind: ScreenKind;
  readonly tags: readonly string[];
  readonly localityPath: string;
  /** Its owner's path. */
  readonly organisationPath: string;
  /**
   * The company whose screen network it belongs to, if any (the topmost company on its owner's
   * path). Its airtime is that company's: a district the company is registered under does not
   * schedule on it, it receives what the company donates.
   */
  readonly networkPath?: string | null;
  readonly venue: string | null;
  /** The dynamic groups it is in now. */
  readonly groupIds: readonly string[];
  readonly timezone: string;
  /** Null: always on. */
  readonly operatingHours: readonly OperatingWindow[] | null;
}

/** Weekdays × time windows in the screen's local time; an empty list means all the time. */
export type Dayparts = readonly OperatingWindow[];

/** Every condition given must hold; within one, any value will do; an empty list is no condition. */
export interface Targeting {
  readonly groupIds: readonly string[];
  readonly tags: readonly string[];
  /** A locality reaches everything beneath it. */
  readonly localityPaths: readonly string[];
  readonly kinds: readonly ScreenKind[];
  readonly venues: readonly string[];
}

/** A creative that may play (approved, processed), with when. */
export interface ScheduleCreative {
  readonly id: string;
  readonly kind: CreativeKind;
  /** A clip's or a track's length; null for images. */
  readonly durationSeconds: number | null;
  readonly validFrom: Instant | null;
  readonly validUntil: Instant | null;
}

export interface CampaignCreative {
  readonly creativeId: string;
  /** How often it is picked among the campaign's creatives (≥ 1). */
  readonly weight: number;
  /** How long an image shows; null takes one slot. Clips play to their end. */
  readonly durationSeconds: number | null;
}

/** A campaign: what fillings read of it (id, priority, frequency, minimum gap), and the rest. */
export interface ScheduleCampaign extends FillCampaign {
  /** The owner organisation's path: the campaign plays in its own airtime on screens this subtree owns. */
  readonly ownerPath: string;
  readonly flightStart: Instant;
  readonly flightEnd: Instant;
  readonly dayparts: Dayparts;
  readonly targeting: Targeting;
  readonly creatives: readonly CampaignCreative[];
  /** Public service: donated airtime given to the pool may carry it. */
  readonly acceptsDonations: boolean;
}

/** Airtime an owner of screens gives: to one campaign, or (campaignId null) to the public-service pool. */
export interface ScheduleDonation extends FillDonation {
  /** The donor's path: only screens this subtree owns carry the donation. */
  readonly donorPath: string;
  readonly campaignId: string | null;
  /** Which of the donor's screens; empty conditions mean all of them. */
  readonly targeting: Targeting;
  readonly start: Instant;
  readonly end: Instant | null;
  readonly dayparts: Dayparts;
  /** Withdrawn at this instant: the donation ends with the loop running then. */
  readonly withdrawnAt: Instant | null;
}

/** A takeover of a region's screens: exclusive while it lasts, from the instant it starts. */
export interface ScheduleEmergency {
  readonly id: string;
  /** The issuer's scope: screens owned or standing in it. */
  readonly scopePath: string | null;
  /** Localities and groups it covers; both empty means everything in scope. */
  readonly localityPaths: readonly string[];
  readonly groupIds: readonly string[];
  readonly creativeId: string | null;
  readonly message: PlanMessage | null;
  /** How long the poster or the message shows before the next emergency's (if several). */
  readonly durationSeconds: number | null;
  readonly start: Instant;
  readonly end: Instant | null;
  readonly cancelledAt: Instant | null;
}

/**
 * Default content: a playlist entry for a screen, a group, or an organisation. A screen's filler
 * is what is assigned to it and to its groups, or else what its nearest owning organisation has.
 */
export interface FillerEntry {
  readonly id: string;
  readonly creativeId: string;
  readonly durationSeconds: number | null;
  readonly position: number;
  readonly target:
    | { readonly kind: 'screen'; readonly screenId: string }
    | { readonly kind: 'group'; readonly groupId: string }
    | { readonly kind: 'organisation'; readonly organisationPath: string };
}

export interface ScheduleInput {
  readonly screen: ScheduleScreen;
  readonly policy: LoopPolicy;
  readonly campaigns: readonly ScheduleCampaign[];
  readonly donations: readonly ScheduleDonation[];
  readonly emergencies: readonly ScheduleEmergency[];
  readonly fillers: readonly FillerEntry[];
  /** Every creative the above may name; one missing or outside its validity does not play. */
  readonly creatives: ReadonlyMap<string, ScheduleCreative>;
  readonly from: Instant;
  readonly to: Instant;
  /**
   * What targeting gives for this screen, when the caller found it already (NetworkPlanner, once
   * per kind of screen): whether each campaign owns the screen's airtime, and for each donation
   * (every one covering the screen) the campaigns that may fill it, in the campaigns' order.
   * Without it, the plan asks targeting itself.
   */
  readonly targeted?: {
    readonly owns: readonly boolean[];
    readonly carriers: readonly (readonly ScheduleCampaign[])[];
  };
}

/** How far ahead plans reach, so players can play offline. */
export const PLAN_DAYS = 14;
