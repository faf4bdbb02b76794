import { createHash } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import QRCode from 'qrcode';
import { DataSource, type EntityManager, In } from 'typeorm';
import {
  type CampaignZones,
  cueOfPlay,
  planCampaignIds,
  planCreativeIds,
  DEFAULT_SCREEN_LAYOUT,
  type PlaylistDocument,
  type PlaylistItem,
  type RenditionRef,
  type SchedulePlan,
} from '@loa/protocol';
import { type ScreenRule, stableStringify } from '@loa/screens';
import { Campaign } from '../campaigns/campaign.entity.js';
import { Clock } from '../clock/clock.js';
import { EventLoopTurns } from '../common/turns.js';
import { Creative } from '../creatives/creative.entity.js';
import { mediaUrl } from '../creatives/creatives.service.js';
import type { Rendition } from '../creatives/rendition.entity.js';
import { inChunks } from '../database/chunks.js';
import { selectWhereIn, upsertRows } from '../database/rows-by.js';
import { type ScreenForPlan, ScreenPlanRows, WHOLE_TABLE_FROM } from '../screens/screen-rows.js';
import { PlaylistDocumentEntity } from './playlist-document.entity.js';
import { ScreenPlaylist } from './screen-playlist.entity.js';
import { PlaylistSource } from './playlist-source.js';
import { planWindowAt } from './schedule-world.js';

const CACHED_DOCUMENTS = 1000;
const CACHED_QR_CODES = 200;

/** Screens that get the same new document, sent to all of them in one broadcast. */
export interface PlaylistPush {
  readonly document: PlaylistDocument;
  readonly screenIds: string[];
}

type Content = Omit<PlaylistDocument, 'version' | 'generatedAt'>;

export interface RefreshOptions {
  /** Answer (and store) the documents even where the stored version is the same. */
  readonly force?: boolean;
  /** Recompute every screen these rules match as well. */
  readonly alsoMatching?: readonly ScreenRule[];
}

/**
 * Turns a screen's plan into the document its player receives: only creatives that may play
 * now, each with the files made for the screen's profile, the screen's hours, and a version that
 * is the hash of all that. Documents are stored by version, so equal screens share one.
 */
@Injectable()
export class PlaylistService {
  private readonly logger = new Logger('PlaylistService');
  private readonly cache = new Map<string, PlaylistDocument>();
  /** QR codes drawn, by link: the same Bluezone link goes to every screen. */
  private readonly qrCodes = new Map<string, string>();
  /** Refreshes run one after another: two at once would both see the old version and both push. */
  private refreshing: Promise<unknown> = Promise.resolve();

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(Clock) private readonly clock: Clock,
    private readonly source: PlaylistSource,
    private readonly screenRows: ScreenPlanRows,
  ) {}

  /** The document for each screen, as it should be now. */
  async compose(screens: readonly ScreenForPlan[]): Promise<Map<string, PlaylistDocument>> {
    const plans = await this.source.plan(screens, planWindowAt(this.clock.now()));
    const ids = new Set<string>();
    for (const plan of new Set(plans.values())) for (const id of planCreativeIds(plan)) ids.add(id);
    const creatives = await this.withRenditions([...ids]);
    const zones = await this.campaignZones(new Set(plans.values()));
    const generatedAt = this.clock.now().toISOString();
    // screens alike (same plan, profile, hours) are composed and hashed once
    const alike = new Map<SchedulePlan, Map<string, PlaylistDocument>>();
    const documents = new Map<string, PlaylistDocument>();
    // a network's documents take seconds to hash: sockets and requests get their turns between them
    const turns = new EventLoopTurns();
    for (const screen of screens) {
      await turns.turn();
      const plan = plans.get(screen.id)!;
      let byKey = alike.get(plan);
      if (!byKey) alike.set(plan, (byKey = new Map<string, PlaylistDocument>()));
      // the signature holds the profile, zone, hours and layout, and more
      let document = byKey.get(screen.signature);
      if (!document) {
        const layout = screen.layout ?? DEFAULT_SCREEN_LAYOUT;
        const content: Content = {
          timezone: screen.timezone,
          operatingHours: screen.operatingHours,
          items: itemsOf(plan, creatives, screen.profileKey),
          plan,
          layout,
          campaigns: campaignsOf(plan, zones),
        };
        document = { version: versionOf(content), generatedAt, ...content };
        byKey.set(screen.signature, document);
      }
      documents.set(screen.id, document);
    }
    return documents;
  }

  /**
   * Recomputes these screens' documents, and those of the screens the rules match, and records
   * the ones that changed. Answers what to send: each changed document with the screens that now
   * hold it.
   */
  refresh(screenIds: readonly string[], options: RefreshOptions = {}): Promise<PlaylistPush[]> {
    const run = this.refreshing.then(() => this.refreshNow(screenIds, options));
    this.refreshing = run.catch(() => undefined);
    return run;
  }

  private async refreshNow(screenIds: readonly string[], options: RefreshOptions): Promise<PlaylistPush[]> {
    if (this.dataSource.options.type !== 'postgres') return this.recompute(screenIds, options);
    // several servers share PostgreSQL: one recomputes at a time, reading what the last one stored,
    // so an older playlist can never be stored over a newer one
    return this.dataSource.transaction(async (manager) => {
      await manager.query("SELECT pg_advisory_xact_lock(hashtext('loa.playlists'))");
      return this.recompute(screenIds, options, manager);
    });
  }

  private async recompute(
    screenIds: readonly string[],
    { force = false, alsoMatching = [] }: RefreshOptions,
    locked?: EntityManager,
  ): Promise<PlaylistPush[]> {
    const started = performance.now();
    const screens = await this.screenRows.read(screenIds, alsoMatching);
    if (screens.length === 0) return [];
    const held = await this.versionsHeld(screens);
    const read = performance.now();
    const documents = await this.compose(screens);
    const composed = performance.now();
    const pushes = new Map<string, PlaylistPush>();
    for (const screen of screens) {
      const document = documents.get(screen.id)!;
      if (document.version === held.get(screen.id) && !force) continue;
      const push = pushes.get(document.version) ?? { document, screenIds: [] };
      push.screenIds.push(screen.id);
      pushes.set(document.version, push);
    }
    if (pushes.size === 0) return [];
    // written out before the transaction, with turns between: a network's documents take seconds,
    // and SQLite's transaction must not let other requests' statements in (it would, at a turn)
    const bodies = new Map<string, string>();
    const turns = new EventLoopTurns();
    for (const { document } of pushes.values()) {
      await turns.turn();
      bodies.set(document.version, JSON.stringify(document));
    }
    const store = async (manager: EntityManager) => {
      for (const { document, screenIds: ids } of pushes.values()) {
        await manager
          .createQueryBuilder()
          .insert()
          .into(PlaylistDocumentEntity)
          .values({ version: document.version, body: bodies.get(document.version)! })
          .orIgnore()
          .execute();
        await upsertRows(
          manager,
          ScreenPlaylist,
          ids.map((screenId) => ({ screenId, version: document.version })),
          'screenId',
        );
      }
    };
    await (locked ? store(locked) : this.dataSource.transaction(store));
    for (const { document } of pushes.values()) this.remember(document);
    const ms = (from: number, to: number) => `${(to - from).toFixed(0)} ms`;
    this.logger.debug(
      `${screens.length} screen(s) read in ${ms(started, read)}, composed in ${ms(read, composed)}, ` +
        `${pushes.size} changed document(s) stored in ${ms(composed, performance.now())}`,
    );
    return [...pushes.values()];
  }

  /** The document a screen holds now, made (and stored) first if it never had one or its row is gone. */
  async current(screenId: string, version: string | null): Promise<PlaylistDocument | null> {
    if (version !== null) {
      const cached = this.cache.get(version);
      if (cached) return cached;
      const row = await this.dataSource.getRepository(PlaylistDocumentEntity).findOne({ where: { version } });
      if (row) {
        const document = JSON.parse(row.body) as PlaylistDocument;
        this.remember(document);
        return document;
      }
    }
    const pushes = await this.refresh([screenId], { force: true });
    return pushes[0]?.document ?? null;
  }

  /** The version of the document each of these screens was last given. */
  private async versionsHeld(screens: readonly ScreenForPlan[]): Promise<Map<string, string>> {
    type Row = { screenId: string; version: string };
    const sql = 'SELECT "screenId", "version" FROM "screen_playlists"';
    const rows =
      screens.length >= WHOLE_TABLE_FROM
        ? await this.dataSource.query<Row[]>(sql)
        : await selectWhereIn<Row>(
            this.dataSource,
            sql,
            'screenId',
            screens.map((s) => s.id),
          );
    return new Map(rows.map((r) => [r.screenId, r.version]));
  }

  /** Documents no screen holds any more. */
  async sweepUnused(): Promise<number> {
    const result = await this.dataSource
      .createQueryBuilder()
      .delete()
      .from(PlaylistDocumentEntity)
      .where('version NOT IN (SELECT "version" FROM "screen_playlists")')
      .execute();
    return result.affected ?? 0;
  }

  private remember(document: PlaylistDocument): void {
    this.cache.delete(document.version);
    this.cache.set(document.version, document);
    if (this.cache.size > CACHED_DOCUMENTS) this.cache.delete(this.cache.keys().next().value!);
  }

  /** Ticker texts and QR codes of the campaigns these plans play, for those that have any. */
  private async campaignZones(plans: ReadonlySet<SchedulePlan>): Promise<Map<string, CampaignZones>> {
    const ids = new Set<string>();
    for (const plan of plans) for (const id of planCampaignIds(plan)) ids.add(id);
    const zones = new Map<string, CampaignZones>();
    for (const chunk of inChunks([...ids])) {
      const rows = await this.dataSource.getRepository(Campaign).find({
        select: { id: true, ticker: true, qrUrl: true, qrCaption: true },
        where: { id: In(chunk) },
      });
      for (const row of rows) {
        if (row.ticker === null && row.qrUrl === null) continue;
        const qr =
          row.qrUrl === null ? null : { url: row.qrUrl, caption: row.qrCaption, svg: await this.qrSvg(row.qrUrl) };
        zones.set(row.id, { campaignId: row.id, ticker: row.ticker, qr });
      }
    }
    return zones;
  }

  private async qrSvg(url: string): Promise<string> {
    let svg = this.qrCodes.get(url);
    if (svg === undefined) {
      svg = await QRCode.toString(url, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
      if (this.qrCodes.size >= CACHED_QR_CODES) this.qrCodes.delete(this.qrCodes.keys().next().value!);
      this.qrCodes.set(url, svg);
    }
    return svg;
  }

  /** Creatives with their renditions: what the player downloads ahead (when each plays is in the plan). */
  private async withRenditions(ids: readonly string[]): Promise<Map<string, Creative>> {
    const found = new Map<string, Creative>();
    for (const chunk of inChunks(ids)) {
      const rows = await this.dataSource
        .getRepository(Creative)
        .createQueryBuilder('creative')
        .leftJoinAndSelect('creative.renditions', 'rendition')
        .where('creative.id IN (:...chunk)', { chunk })
        .getMany();
      for (const row of rows) found.set(row.id, row);
    }
    return found;
  }
}

/** Each creative the plan plays once, in the order it first appears, with the files for the profile. */
function itemsOf(plan: SchedulePlan, creatives: ReadonlyMap<string, Creative>, profileKey: string): PlaylistItem[] {
  const seen = new Set<string>();
  const items: PlaylistItem[] = [];
  // a period left to its filling is not filled here (the player does): its creatives come after
  const order = plan.patterns.flatMap((p) =>
    'plays' in p ? p.plays.map((play) => plan.cues[cueOfPlay(p, play)].creativeId) : [],
  );
  for (const id of [...order, ...planCreativeIds(plan)]) {
    if (id === null || seen.has(id)) continue;
    seen.add(id);
    const creative = creatives.get(id);
    if (!creative) continue;
    const renditions = pickRenditions(creative, profileKey);
    if (renditions.length === 0) continue;
    items.push({
      creativeId: creative.id,
      kind: creative.kind,
      title: creative.title,
      durationSeconds: creative.kind === 'image' ? plan.slotSeconds : (creative.durationSeconds ?? plan.slotSeconds),
      renditions,
    });
  }
  return items;
}

/** The zones of the plan's campaigns, in the order of the plan's cues (then of its fill patterns' campaigns). */
function campaignsOf(plan: SchedulePlan, zones: ReadonlyMap<string, CampaignZones>): CampaignZones[] {
  return planCampaignIds(plan).flatMap((id) => zones.get(id) ?? []);
}

/**
 * The files a screen of this profile plays: the ones made for it, or, while a new profile's
 * renditions are still being made, every display file (the player picks the closest).
 */
export function pickRenditions(creative: Creative, profileKey: string): RenditionRef[] {
  const purpose = creative.kind === 'audio' ? 'audio' : 'display';
  const usable = (creative.renditions ?? []).filter((r) => r.purpose === purpose);
  const forProfile = usable.filter((r) => r.profiles.includes(profileKey));
  const chosen = purpose === 'audio' || forProfile.length === 0 ? usable : forProfile;
  return chosen
    .slice()
    .sort(
      (a, b) => a.format.localeCompare(b.format) || (b.width ?? 0) - (a.width ?? 0) || a.sha256.localeCompare(b.sha256),
    )
    .map(toRef);
}

function toRef(r: Rendition): RenditionRef {
  return {
    url: mediaUrl(r.sha256),
    sha256: r.sha256,
    mimeType: r.mimeType,
    width: r.width,
    height: r.height,
    byteSize: r.byteSize,
    profiles: r.profiles,
  };
}

function versionOf(content: Content): string {
  return createHash('sha256').update(stableStringify(content)).digest('hex');
}
