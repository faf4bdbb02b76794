import { normaliseTag } from '@loa/screens';
import type {
  FillerEntry,
  ScheduleCampaign,
  ScheduleDonation,
  ScheduleEmergency,
  ScheduleScreen,
  Targeting,
} from './model.js';

export const NO_TARGETING: Targeting = Object.freeze({
  groupIds: [],
  tags: [],
  localityPaths: [],
  kinds: [],
  venues: [],
});

export function matchesTargeting(screen: ScheduleScreen, targeting: Targeting): boolean {
  if (targeting.kinds.length > 0 && !targeting.kinds.includes(screen.kind)) return false;
  if (targeting.localityPaths.length > 0 && !targeting.localityPaths.some((p) => screen.localityPath.startsWith(p))) {
    return false;
  }
  if (targeting.groupIds.length > 0 && !targeting.groupIds.some((g) => screen.groupIds.includes(g))) return false;
  if (targeting.venues.length === 0 && targeting.tags.length === 0) return true;
  const facts = normalisedFacts(screen);
  if (targeting.venues.length > 0) {
    if (facts.venue === null || !normalisedList(targeting.venues).includes(facts.venue)) return false;
  }
  if (targeting.tags.length > 0 && !normalisedList(targeting.tags).some((t) => facts.tags.has(t))) return false;
  return true;
}

/**
 * A screen's venue and tags, and a targeting's venues and tags, normalised once: planning a
 * network asks whether each of a thousand campaigns targets each kind of screen.
 */
const screenFacts = new WeakMap<ScheduleScreen, { venue: string | null; tags: ReadonlySet<string> }>();
const normalisedLists = new WeakMap<readonly string[], readonly string[]>();

function normalisedFacts(screen: ScheduleScreen): { venue: string | null; tags: ReadonlySet<string> } {
  let facts = screenFacts.get(screen);
  if (!facts) {
    facts = {
      venue: screen.venue === null ? null : normaliseTag(screen.venue),
      tags: new Set(screen.tags.map(normaliseTag)),
    };
    screenFacts.set(screen, facts);
  }
  return facts;
}

function normalisedList(list: readonly string[]): readonly string[] {
  let found = normalisedLists.get(list);
  if (!found) normalisedLists.set(list, (found = list.map(normaliseTag)));
  return found;
}

/**
 * A campaign plays in a screen's own airtime only where its owner owns the screen: a district's
 * campaign does not take over the company screens in its streets; those carry it through donations.
 */
export function campaignOwnsAirtime(campaign: ScheduleCampaign, screen: ScheduleScreen): boolean {
  return ownsAirtime(campaign.ownerPath, screen) && matchesTargeting(screen, campaign.targeting);
}

/** Whether an organisation's airtime includes the screen: it owns it, and is not above the company whose network it is. */
export function ownsAirtime(organisationPath: string, screen: ScheduleScreen): boolean {
  if (!screen.organisationPath.startsWith(organisationPath)) return false;
  const network = screen.networkPath ?? null;
  return network === null || organisationPath.startsWith(network);
}

/** A donation covers the donor's own screens that match its targeting. */
export function donationCovers(donation: ScheduleDonation, screen: ScheduleScreen): boolean {
  return ownsAirtime(donation.donorPath, screen) && matchesTargeting(screen, donation.targeting);
}

/** Whether a campaign may fill a donation's airtime on this screen (flight and dayparts are checked in time). */
export function fillsDonation(campaign: ScheduleCampaign, donation: ScheduleDonation, screen: ScheduleScreen): boolean {
  if (donation.campaignId !== null) return campaign.id === donation.campaignId;
  // the pool carries public-service campaigns to the places they target
  return campaign.acceptsDonations && matchesTargeting(screen, campaign.targeting);
}

/** An emergency reaches every screen owned or standing in its issuer's scope, within its region. */
export function emergencyCovers(emergency: ScheduleEmergency, screen: ScheduleScreen): boolean {
  const scope = emergency.scopePath;
  if (scope !== null && !screen.organisationPath.startsWith(scope) && !screen.localityPath.startsWith(scope)) {
    return false;
  }
  if (emergency.localityPaths.length === 0 && emergency.groupIds.length === 0) return true;
  return (
    emergency.localityPaths.some((p) => screen.localityPath.startsWith(p)) ||
    emergency.groupIds.some((g) => screen.groupIds.includes(g))
  );
}

/**
 * A screen's default content: what is assigned to it and its groups, or else what the nearest
 * organisation above it has, in position order, each creative once.
 */
export function fillerFor(screen: ScheduleScreen, entries: readonly FillerEntry[]): FillerEntry[] {
  const own = entries.filter(
    (e) =>
      (e.target.kind === 'screen' && e.target.screenId === screen.id) ||
      (e.target.kind === 'group' && screen.groupIds.includes(e.target.groupId)),
  );
  let chosen = own;
  if (chosen.length === 0) {
    let best = -1;
    for (const entry of entries) {
      if (entry.target.kind !== 'organisation') continue;
      const path = entry.target.organisationPath;
      if (!screen.organisationPath.startsWith(path)) continue;
      if (path.length > best) {
        best = path.length;
        chosen = [];
      }
      if (path.length === best) chosen.push(entry);
    }
  }
  return inFillerOrder(chosen);
}

/** Chosen filler entries in position order, each creative once. */
export function inFillerOrder(entries: readonly FillerEntry[]): FillerEntry[] {
  const seen = new Set<string>();
  return [...entries]
    .sort((a, b) => a.position - b.position || a.id.localeCompare(b.id))
    .filter((e) => !seen.has(e.creativeId) && seen.add(e.creativeId));
}
