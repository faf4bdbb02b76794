import { pathPrefixes } from '@loa/identity';
import type { SchedulePlan } from '@loa/protocol';
import { overlayEmergencies, PlanCache, planLoops } from './engine.js';
import type {
  FillerEntry,
  LoopPolicy,
  ScheduleCampaign,
  ScheduleDonation,
  ScheduleEmergency,
  ScheduleInput,
  ScheduleScreen,
} from './model.js';
import {
  campaignOwnsAirtime,
  donationCovers,
  ownsAirtime,
  emergencyCovers,
  fillsDonation,
  inFillerOrder,
  matchesTargeting,
} from './targeting.js';

/** Everything scheduled on a network, for one planning window: a screen's input without the screen. */
export type NetworkInputs = Omit<ScheduleInput, 'screen' | 'policy'>;

/** What applies to one screen. */
export interface Applicable {
  readonly campaigns: readonly ScheduleCampaign[];
  readonly donations: readonly ScheduleDonation[];
  readonly emergencies: readonly ScheduleEmergency[];
  readonly fillers: readonly FillerEntry[];
  /** For each campaign, whether it owns the screen's airtime (else it only fills donations). */
  readonly owns: readonly boolean[];
  /** For each donation, the campaigns that may fill it. */
  readonly carriers: readonly (readonly string[])[];
}

/** What applies to a kind of screen, its number, and what targeting gave plans (ScheduleInput.targeted). */
interface FoundApplicable {
  readonly applicable: Omit<Applicable, 'fillers'>;
  readonly id: number;
  readonly targeted: NonNullable<ScheduleInput['targeted']>;
}

/** Filled periods (and local-time windows) a planner keeps across changes, at most. */
export const DEFAULT_MAX_CACHED = 250_000;

/**
 * What one planner leaves to the next. Plans without emergencies, while the inputs other than
 * emergencies are the same (an emergency then costs only its overlay on each distinct plan), and
 * the shared cache of filled periods, which stays valid across edits.
 */
export class KeptPlans {
  readonly bases = new Map<string, SchedulePlan>();
  /** What applies to kinds of screens, numbered by what plans read of it: part of the bases' keys. */
  private readonly applicable = new Map<string, number>();

  constructor(readonly cache: PlanCache = new PlanCache()) {}

  /** The number of what applies, written as NetworkPlanner writes it (the same while the bases are good). */
  applicableId(key: string): number {
    let id = this.applicable.get(key);
    if (id === undefined) this.applicable.set(key, (id = this.applicable.size));
    return id;
  }

  /**
   * The next one after the inputs changed: the plans go, the filled periods stay. Past the bound,
   * the periods no plan used since the last change go first, and only if those used still pass
   * it does the cache start again. The default holds a network of 10,000 screens and 1,000
   * campaigns (about 90,000 periods), so its edits re-fill only what they change.
   */
  next(maxCached = DEFAULT_MAX_CACHED): KeptPlans {
    const size = () => this.cache.periods + this.cache.windows.size;
    if (size() > maxCached) this.cache.prune();
    const cache =
      size() > maxCached || this.cache.contentIds > 4 * maxCached
        ? new PlanCache({ deferFillings: this.cache.deferFillings })
        : this.cache;
    cache.nextGeneration();
    return new KeptPlans(cache);
  }
}

/**
 * Plans a whole network: finds what applies to each screen through indexes (the owners above
 * it, not every campaign), and plans each distinct combination of what applies, hours, zone and
 * loop policy once. Screens alike share one plan object, and filled periods are shared between
 * plans whose campaigns are active together.
 */
export class NetworkPlanner {
  private readonly byOwner = new Map<string, ScheduleCampaign[]>();
  private readonly byDonor = new Map<string, ScheduleDonation[]>();
  private readonly pool: readonly ScheduleCampaign[];
  private readonly byId = new Map<string, ScheduleCampaign>();
  private readonly donationById = new Map<string, ScheduleDonation>();
  /** Campaigns a donation names: the only ones besides the pool's that donated airtime carries. */
  private readonly named = new Set<string>();
  private readonly fillersByScreen = new Map<string, FillerEntry[]>();
  private readonly fillersByGroup = new Map<string, FillerEntry[]>();
  private readonly fillersByOrganisation = new Map<string, FillerEntry[]>();
  private readonly fillersByKey = new Map<string, ReturnType<NetworkPlanner['fillersWithIds']>>();
  private readonly applicableByFacts = new Map<string, FoundApplicable>();
  private readonly withEmergencies = new Map<string, SchedulePlan>();
  private touched: { ids: ReadonlySet<string>; byFacts: Map<string, boolean> } | null = null;
  private ranks: Map<ScheduleCampaign | ScheduleDonation, number> | undefined;
  private targetingIndex: ReturnType<NetworkPlanner['targetings']> | undefined;

  constructor(
    readonly inputs: NetworkInputs,
    private readonly kept: KeptPlans = new KeptPlans(),
  ) {
    for (const campaign of inputs.campaigns) {
      push(this.byOwner, campaign.ownerPath, campaign);
      this.byId.set(campaign.id, campaign);
    }
    for (const donation of inputs.donations) {
      push(this.byDonor, donation.donorPath, donation);
      this.donationById.set(donation.id, donation);
      if (donation.campaignId !== null) this.named.add(donation.campaignId);
    }
    this.pool = inputs.campaigns.filter((c) => c.acceptsDonations);
    for (const entry of inputs.fillers) {
      if (entry.target.kind === 'screen') push(this.fillersByScreen, entry.target.screenId, entry);
      else if (entry.target.kind === 'group') push(this.fillersByGroup, entry.target.groupId, entry);
      else push(this.fillersByOrganisation, entry.target.organisationPath, entry);
    }
  }

  applicable(screen: ScheduleScreen): Applicable {
    return { ...this.byFacts(screen).applicable, fillers: this.fillersOf(screen) };
  }

  /** The screen's plan: shared with every screen to which the same things apply. */
  planFor(screen: ScheduleScreen, policy: LoopPolicy): SchedulePlan {
    const { applicable: found, id: applicableId, targeted } = this.byFacts(screen);
    const { fillers, ids: fillerIds } = this.fillersWithIds(screen);
    const { from, to } = this.inputs;
    const baseKey = `${from}|${to}|${JSON.stringify(screen.timezone)}|${JSON.stringify(screen.operatingHours)}|${policy.loopSeconds}|${policy.slotSeconds}|${fillerIds}|${applicableId}`;
    // made only when planned: most screens find their plan by its key
    const inputOf = (): ScheduleInput => ({
      screen,
      policy,
      ...found,
      fillers,
      creatives: this.inputs.creatives,
      from,
      to,
      targeted,
    });
    let base = this.kept.bases.get(baseKey);
    if (!base) {
      base = planLoops(inputOf(), this.kept.cache);
      this.kept.bases.set(baseKey, base);
    }
    if (found.emergencies.length === 0) return base;
    const key = `${baseKey}|${found.emergencies.map((e) => e.id).join(',')}`;
    let plan = this.withEmergencies.get(key);
    if (!plan) {
      plan = overlayEmergencies(base, inputOf(), this.kept.cache);
      this.withEmergencies.set(key, plan);
    }
    return plan;
  }

  /** Whether the screen has default content of its own: the only input by which its id changes its plan. */
  hasOwnFillers(screenId: string): boolean {
    return this.fillersByScreen.has(screenId);
  }

  /**
   * Whether a campaign, donation or emergency with one of these ids can reach the screen: what
   * applicable() would include, asked of those ids alone. A change asks it of every screen, so
   * answers are kept by what targeting reads of a screen, for the last set of ids asked about.
   */
  touches(screen: ScheduleScreen, ids: ReadonlySet<string>): boolean {
    if (this.touched?.ids !== ids) this.touched = { ids, byFacts: new Map() };
    const key = factsKeyOf(screen);
    let found = this.touched.byFacts.get(key);
    if (found === undefined) {
      found = this.reaches(screen, ids);
      this.touched.byFacts.set(key, found);
    }
    return found;
  }

  private reaches(screen: ScheduleScreen, ids: ReadonlySet<string>): boolean {
    // the donations covering the screen, found only when a campaign some donation may carry asks
    let covering: ScheduleDonation[] | undefined;
    for (const id of ids) {
      const campaign = this.byId.get(id);
      if (campaign) {
        if (campaignOwnsAirtime(campaign, screen)) return true;
        // the pool carries it only where it targets (checked once here, not per donation)
        const pooled = campaign.acceptsDonations && matchesTargeting(screen, campaign.targeting);
        if (pooled || this.named.has(campaign.id)) {
          covering ??= pathPrefixes(screen.organisationPath)
            .flatMap((p) => this.byDonor.get(p) ?? [])
            .filter((d) => donationCovers(d, screen));
          if (covering.some((d) => fillsDonation(campaign, d, screen))) return true;
        }
      }
      const donation = this.donationById.get(id);
      if (donation && donationCovers(donation, screen)) return true;
      if (this.inputs.emergencies.some((e) => e.id === id && emergencyCovers(e, screen))) return true;
    }
    return false;
  }

  /**
   * What applies to screens with these facts, with the content id of what plans read of it: the
   * campaigns the pool may carry make it long, so it is written once per kind of screen.
   */
  private byFacts(screen: ScheduleScreen): FoundApplicable {
    const factsKey = factsKeyOf(screen);
    let found = this.applicableByFacts.get(factsKey);
    if (!found) {
      const { carrierCampaigns, ...applicable } = this.applicableByFactsOf(screen);
      // each distinct list of carriers once (the pool's is every pool donation's)
      const lists: (readonly string[])[] = [];
      const listOf = applicable.carriers.map((list) => {
        const at = lists.indexOf(list);
        return at >= 0 ? at : lists.push(list) - 1;
      });
      // written by the campaigns' and donations' places in id order: the same while these plans
      // are kept (their inputs other than emergencies are the same), and short (the pool lists
      // hundreds of campaigns, and writing their ids and finding them was half of this)
      const { ranks, byId } = this.idOrder();
      const numbered = (ids: readonly string[]) => ids.map((id) => ranks.get(byId.get(id)!)).join(',');
      const id = this.kept.applicableId(
        [
          applicable.campaigns.map((c) => ranks.get(c)).join(','),
          applicable.owns.map((owns) => (owns ? 1 : 0)).join(''),
          applicable.donations.map((d) => ranks.get(d)).join(','),
          lists.map(numbered).join('/'),
          listOf.join(','),
        ].join(';'),
      );
      found = { applicable, id, targeted: { owns: applicable.owns, carriers: carrierCampaigns } };
      this.applicableByFacts.set(factsKey, found);
    }
    return found;
  }

  /**
   * Each campaign's and donation's place in id order (by localeCompare, sorted once), and the
   * campaigns by id: what applies to a screen is sorted and numbered by these. Made when first
   * asked (an edit's planner of before never asks).
   */
  private idOrder(): {
    readonly ranks: ReadonlyMap<ScheduleCampaign | ScheduleDonation, number>;
    readonly byId: ReadonlyMap<string, ScheduleCampaign>;
  } {
    if (!this.ranks) {
      const ranks = new Map<ScheduleCampaign | ScheduleDonation, number>();
      const inOrder = (items: readonly (ScheduleCampaign | ScheduleDonation)[]) =>
        [...items].sort((a, b) => a.id.localeCompare(b.id)).forEach((item, rank) => ranks.set(item, rank));
      inOrder(this.inputs.campaigns);
      inOrder(this.inputs.donations);
      this.ranks = ranks;
    }
    return { ranks: this.ranks, byId: this.byId };
  }

  /**
   * The campaigns' targetings, each distinct one numbered once: a thousand campaigns target a few
   * hundred ways, and what applies to each kind of screen asks of hundreds of them.
   */
  private targetings(): { readonly indexOf: ReadonlyMap<ScheduleCampaign, number>; readonly count: number } {
    if (!this.targetingIndex) {
      const byContent = new Map<string, number>();
      const indexOf = new Map<ScheduleCampaign, number>();
      for (const campaign of this.inputs.campaigns) {
        const content = JSON.stringify(campaign.targeting);
        let index = byContent.get(content);
        if (index === undefined) byContent.set(content, (index = byContent.size));
        indexOf.set(campaign, index);
      }
      this.targetingIndex = { indexOf, count: byContent.size };
    }
    return this.targetingIndex;
  }

  private applicableByFactsOf(
    screen: ScheduleScreen,
  ): Omit<Applicable, 'fillers'> & { readonly carrierCampaigns: readonly (readonly ScheduleCampaign[])[] } {
    const campaigns = new Map<string, ScheduleCampaign>();
    const owns = new Set<string>();
    const donations: ScheduleDonation[] = [];
    const carriers: string[][] = [];
    const carrierCampaigns: (readonly ScheduleCampaign[])[] = [];
    const { ranks } = this.idOrder();
    // the pool's campaigns that target the screen: the same for every donation to the pool (and in
    // id order, as plans list a donation's carriers)
    let pooled: { campaigns: ScheduleCampaign[]; ids: string[] } | undefined;
    // whether each distinct targeting matches the screen, asked once (0: not yet, 1: no, 2: yes)
    const { indexOf, count } = this.targetings();
    const matched = new Uint8Array(count);
    const targets = (campaign: ScheduleCampaign) => {
      const index = indexOf.get(campaign)!;
      if (matched[index] === 0) matched[index] = matchesTargeting(screen, campaign.targeting) ? 2 : 1;
      return matched[index] === 2;
    };
    const poolHere = () => {
      if (!pooled) {
        const here = this.pool.filter(targets).sort((a, b) => ranks.get(a)! - ranks.get(b)!);
        pooled = { campaigns: here, ids: here.map((c) => c.id) };
        // once: a screen has many donations to the pool, each with the same hundreds of carriers
        here.forEach((c) => campaigns.set(c.id, c));
      }
      return pooled;
    };
    for (const prefix of pathPrefixes(screen.organisationPath)) {
      for (const campaign of this.byOwner.get(prefix) ?? []) {
        if (!ownsAirtime(campaign.ownerPath, screen) || !targets(campaign)) continue;
        campaigns.set(campaign.id, campaign);
        owns.add(campaign.id);
      }
      for (const donation of this.byDonor.get(prefix) ?? []) {
        if (!donationCovers(donation, screen)) continue;
        donations.push(donation);
        if (donation.campaignId === null) {
          carriers.push(poolHere().ids);
          carrierCampaigns.push(poolHere().campaigns);
          continue;
        }
        const named = this.byId.get(donation.campaignId);
        const fill = named && fillsDonation(named, donation, screen) ? [named] : [];
        fill.forEach((c) => campaigns.set(c.id, c));
        carriers.push(fill.map((c) => c.id));
        carrierCampaigns.push(fill);
      }
    }
    // in id order, as localeCompare sorts: by each one's place in the network's list sorted once
    const ordered = [...campaigns.values()].sort((a, b) => ranks.get(a)! - ranks.get(b)!);
    const order = donations.map((_, i) => i).sort((a, b) => ranks.get(donations[a])! - ranks.get(donations[b])!);
    return {
      campaigns: ordered,
      owns: ordered.map((c) => owns.has(c.id)),
      donations: order.map((i) => donations[i]),
      carriers: order.map((i) => carriers[i]),
      carrierCampaigns: order.map((i) => carrierCampaigns[i]),
      emergencies: this.inputs.emergencies.filter((e) => emergencyCovers(e, screen)),
    };
  }

  /** The same choice as fillerFor (what is assigned to the screen and its groups, else its nearest owner's), through indexes. */
  /**
   * fillersOf, with the ids of what it chose, by what the choice reads of a screen: its id where
   * default content is assigned to it, its groups and its organisation (a network has thousands of
   * screens and a few dozen choices).
   */
  private fillersWithIds(screen: ScheduleScreen): { readonly fillers: FillerEntry[]; readonly ids: string } {
    const key = `${this.fillersByScreen.has(screen.id) ? screen.id : ''}|${screen.groupIds.join(',')}|${screen.organisationPath}`;
    let found = this.fillersByKey.get(key);
    if (!found) {
      const fillers = this.fillersOf(screen);
      found = { fillers, ids: JSON.stringify(fillers.map((f) => f.id)) };
      this.fillersByKey.set(key, found);
    }
    return found;
  }

  private fillersOf(screen: ScheduleScreen): FillerEntry[] {
    let chosen: FillerEntry[] = [
      ...(this.fillersByScreen.get(screen.id) ?? []),
      ...screen.groupIds.flatMap((g) => this.fillersByGroup.get(g) ?? []),
    ];
    if (chosen.length === 0) {
      const prefixes = pathPrefixes(screen.organisationPath);
      for (let i = prefixes.length - 1; i >= 0 && chosen.length === 0; i--) {
        chosen = this.fillersByOrganisation.get(prefixes[i]) ?? [];
      }
    }
    return inFillerOrder(chosen);
  }
}

/** Facts keys by screen: an edit asks two planners about every screen, and the next edit again. */
const factsKeys = new WeakMap<ScheduleScreen, string>();

/** Everything targeting reads of a screen (its id aside): screens alike in these reach alike. */
function factsKeyOf(screen: ScheduleScreen): string {
  let key = factsKeys.get(screen);
  if (key === undefined) factsKeys.set(screen, (key = factsKeyFrom(screen)));
  return key;
}

function factsKeyFrom(screen: ScheduleScreen): string {
  return [
    screen.kind,
    screen.localityPath,
    screen.organisationPath,
    screen.networkPath ?? '',
    screen.venue ?? '',
    screen.tags.join('\u0001'),
    screen.groupIds.join(','),
  ].join('|');
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
