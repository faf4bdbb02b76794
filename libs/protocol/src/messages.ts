/**
 * The player protocol: every event between the server and a player or a console, with its
 * payload type, in both directions. The server's gateways and the browser player import this
 * one module, so an event name or a field cannot drift between them. docs/protocol.md explains it.
 */

import type { PlayReason, SchedulePlan } from './plan.js';

/**
 * Bumped when a change would break players already deployed. 2: a plan's patterns may leave a
 * period to its filling (FillPattern), which a player of protocol 1 cannot read. 3: a fill pattern
 * names its lists of campaigns and its donations by their index in the plan's `lists` and
 * `donations`, which a player of protocol 2 cannot read. 4: a plan's readers count daily caps
 * (SchedulePlan.days), which a player of protocol 3 does not do.
 */
export const PROTOCOL_VERSION = 4;

/** The oldest protocol whose players can read the plans the server sends: older ones are told to reload. */
export const OLDEST_PROTOCOL_VERSION = 4;

export const NAMESPACES = { player: '/player', console: '/console' } as const;

/** Events a player sends. Each expects an acknowledgement (Ack<…>). */
export const PLAYER_EVENTS = {
  /** First message after connecting with a device token: what the player is and which playlist it holds. */
  hello: 'player:hello',
  /** Every HEARTBEAT_SECONDS while connected: what is on screen, storage left. */
  heartbeat: 'player:heartbeat',
  /** Proof of play: records of plays, in batches, until each is acknowledged (the play id makes resending safe). */
  plays: 'player:plays',
} as const;

/** Events the server sends to a player. */
export const SERVER_EVENTS = {
  /** An unpaired player's code to show, and the URL an operator opens to claim it. Sent again before it expires. */
  pairingCode: 'pairing:code',
  /** The player was claimed: keep this device token and reconnect with it. The player acknowledges receipt. */
  paired: 'pairing:paired',
  /** The screen's current playlist, sent after hello when the player's version differs, and on every change. */
  playlist: 'playlist',
  /** Do something now (reload, identify, screenshot); answer through the acknowledgement. */
  command: 'command',
  /** The device token was revoked or moved to other hardware: forget it and pair again. */
  revoked: 'revoked',
  /** A message that had no acknowledgement to answer through was refused. */
  protocolError: 'protocol:error',
} as const;

/** Events the server sends to a console (signed-in user) on the console namespace. */
export const CONSOLE_EVENTS = {
  /** A screen within the user's scope came online, went offline or reported what it plays. */
  screenStatus: 'screen:status',
} as const;

export type PlayerEventName = (typeof PLAYER_EVENTS)[keyof typeof PLAYER_EVENTS];
export type ServerEventName = (typeof SERVER_EVENTS)[keyof typeof SERVER_EVENTS];
export type ConsoleEventName = (typeof CONSOLE_EVENTS)[keyof typeof CONSOLE_EVENTS];

/** How often a connected player sends a heartbeat; the server counts a screen offline after three missed. */
export const HEARTBEAT_SECONDS = 30;

/** What the player sends in socket.io's handshake `auth`: its device token, or nothing when unpaired. */
export interface PlayerAuth {
  readonly token?: string;
}

/** What the console sends in socket.io's handshake `auth`: the signed-in user's access token. */
export interface ConsoleAuth {
  readonly token: string;
  /** The language of refusals; Vietnamese when absent. */
  readonly language?: 'vi' | 'en';
}

export type ProtocolErrorCode =
  /** The message is malformed; `fields` names what is wrong. */
  | 'invalid_message'
  /** The handshake's token is not (or no longer) valid: a player pairs again, a console signs in again. */
  | 'unauthorised'
  /** A screen-only message from a player that has no device token yet. */
  | 'not_paired'
  /** A heartbeat before a successful hello. */
  | 'hello_required'
  | 'unsupported_protocol'
  /** The server could not do it now; try again later, and keep the token. */
  | 'internal';

/** How an acknowledgement or a refused connection reports an error: a stable code for programs, a sentence for people. */
export interface ProtocolError {
  readonly code: ProtocolErrorCode;
  readonly message: string;
  /** Which fields were wrong, for invalid_message. */
  readonly fields?: readonly string[];
}

export type Ack<T> = { readonly ok: true; readonly data: T } | { readonly ok: false; readonly error: ProtocolError };

export interface ScreenGeometry {
  /** CSS pixels of the player's viewport. */
  readonly width: number;
  readonly height: number;
  readonly devicePixelRatio: number;
}

export interface Hello {
  readonly protocol: number;
  /** The player build, e.g. "0.4.1". */
  readonly playerVersion: string;
  /** Version of the playlist the player holds, or null on first start. */
  readonly playlistVersion: string | null;
  readonly screen: ScreenGeometry;
  /** Free cache storage in bytes, when the browser tells. */
  readonly freeBytes: number | null;
}

export interface NowPlaying {
  readonly creativeId: string;
  readonly renditionSha256: string;
  readonly startedAt: string;
}

/** What the player holds of the files its plan needs. */
export interface MediaCacheReport {
  /** Files of the plan downloaded, verified and kept. */
  readonly files: number;
  readonly bytes: number;
  /** Files of the plan not downloaded yet: their plays are skipped until they are. */
  readonly missing: number;
}

export interface Heartbeat {
  readonly playing: NowPlaying | null;
  /** The playlist the player holds; when it is not the current one the server sends the current one. */
  readonly playlistVersion: string | null;
  readonly freeBytes: number | null;
  /** Absent from players older than the report. */
  readonly cache?: MediaCacheReport | null;
  /** The player's clock when it sent this, to measure its offset. */
  readonly sentAt: string;
}

export interface Welcome {
  readonly serverTime: string;
  readonly screenId: string;
  readonly screenName: string;
  /** Whether a playlist follows (the player's version differed); it may have come already, as a push crossing the hello. */
  readonly playlistFollows: boolean;
  readonly heartbeatSeconds: number;
}

export interface PairingCode {
  /** Six characters without look-alikes, shown large on the screen. */
  readonly code: string;
  readonly expiresAt: string;
  /** What the QR on the screen encodes: the console page that claims this code. */
  readonly claimUrl: string;
  /** That QR as an SVG document, ready to show (the player carries no QR encoder). */
  readonly qrSvg: string;
  /** Where the operator's console is, shown under the code. */
  readonly serverUrl: string;
}

export interface Paired {
  readonly deviceToken: string;
  readonly screenId: string;
  readonly screenName: string;
}

export type RevokedReason = 'revoked' | 'replaced' | 'deleted';

export interface Revoked {
  readonly reason: RevokedReason;
}

export const COMMAND_TYPES = ['reload', 'identify', 'screenshot'] as const;
export type CommandType = (typeof COMMAND_TYPES)[number];

export interface Command {
  readonly id: string;
  readonly type: CommandType;
  /** For identify: how long to show the screen's name. */
  readonly seconds?: number;
  /** For identify: the screen's name as it is now (it may have been renamed since the player connected). */
  readonly screenName?: string;
}

export interface CommandResult {
  /** For screenshot: a JPEG, WebP or PNG data URL of the frame on screen. */
  readonly screenshot?: string;
}

/** The largest screenshot a player may send, as a data URL (socket.io's message limit is 1 MB). */
export const MAX_SCREENSHOT_DATA_URL = 900_000;

/** socket.io's typing of the /player namespace, from the player's side of the wire. */
export interface PlayerToServer {
  [PLAYER_EVENTS.hello]: (hello: Hello, ack: (answer: Ack<Welcome>) => void) => void;
  [PLAYER_EVENTS.heartbeat]: (heartbeat: Heartbeat, ack: (answer: Ack<{ serverTime: string }>) => void) => void;
  [PLAYER_EVENTS.plays]: (batch: PlaysBatch, ack: (answer: Ack<PlaysAccepted>) => void) => void;
}

/** How many play records one `player:plays` message may carry. */
export const MAX_PLAYS_PER_BATCH = 500;

export type PlayOutcome = 'complete' | 'interrupted' | 'skipped';

/**
 * One play, as the player saw it: written to its own storage first, sent until acknowledged.
 * `playId` (a UUID the player makes) is the key: the same record twice is one play.
 */
export interface PlayRecord {
  readonly playId: string;
  /** Null for an emergency's text message. */
  readonly creativeId: string | null;
  readonly renditionSha256: string | null;
  readonly reason: PlayReason;
  readonly campaignId: string | null;
  readonly donationId: string | null;
  readonly emergencyId: string | null;
  readonly entryId: string | null;
  readonly scheduledStart: string;
  readonly scheduledEnd: string;
  readonly startedAt: string;
  readonly endedAt: string;
  /** Seconds it was actually on screen. */
  readonly shownSeconds: number;
  readonly outcome: PlayOutcome;
  /** Why it was interrupted or skipped ("emergency", "not_cached", "reload" …). */
  readonly note: string | null;
}

export interface PlaysBatch {
  readonly plays: readonly PlayRecord[];
}

/**
 * A play id: a UUIDv7 (RFC 9562) whose first 48 bits are the play's start in Unix milliseconds and
 * whose other 74 bits are random. Ids made in time order land at the end of the server's key index
 * instead of at random pages of it, which is what lets a network catch up on days of plays quickly.
 * `random` holds at least 10 random bytes (the player fills them with crypto.getRandomValues).
 */
export function playIdAt(startedAtMs: number, random: ArrayLike<number>): string {
  const bytes: number[] = [];
  let millis = Math.max(0, Math.floor(startedAtMs));
  for (let i = 5; i >= 0; i--) {
    bytes[i] = millis % 256;
    millis = Math.floor(millis / 256);
  }
  for (let i = 0; i < 10; i++) bytes.push(random[i] & 0xff);
  bytes[6] = 0x70 | (bytes[6] & 0x0f);
  bytes[8] = 0x80 | (bytes[8] & 0x3f);
  const hex = bytes.map((b) => (b < 16 ? '0' : '') + b.toString(16)).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** How many records were new, and how many the server already had (both are acknowledged). */
export interface PlaysAccepted {
  readonly accepted: number;
  readonly duplicates: number;
}

/** A file a player may play for an item: the one that fits its screen best is chosen by profile. */
export interface RenditionRef {
  readonly url: string;
  readonly sha256: string;
  readonly mimeType: string;
  readonly width: number | null;
  readonly height: number | null;
  readonly byteSize: number;
  readonly profiles: readonly string[];
}

export interface PlaylistItem {
  readonly creativeId: string;
  readonly kind: 'image' | 'video' | 'audio';
  readonly title: string;
  /** How long an image shows; a clip plays to its end (its length is given here too). */
  readonly durationSeconds: number;
  readonly renditions: readonly RenditionRef[];
}

/** 1 = Monday … 7 = Sunday (ISO weekdays). */
export type Weekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

/** A window in the screen's local time; `to` may be "24:00", and a window that ends before it starts runs past midnight. */
export interface OperatingWindow {
  readonly days: readonly Weekday[];
  readonly from: string;
  readonly to: string;
}

/** A QR code for the corner zone: the link, a short caption under it, and the code drawn as SVG by the server. */
export interface ZoneQr {
  readonly url: string;
  readonly caption: string | null;
  readonly svg: string;
}

/** What a campaign shows beside its creatives while it is on air on the screen. */
export interface CampaignZones {
  readonly campaignId: string;
  /** Text for the ticker, scrolled along the bottom of the screen. */
  readonly ticker: string | null;
  readonly qr: ZoneQr | null;
}

/** How a screen lays out its zones around the main one, set by its operator. */
export interface ScreenLayout {
  /** A ticker along the bottom with the texts of the campaigns on air. */
  readonly ticker: boolean;
  /** A QR corner with the link of the campaign playing (or on air). */
  readonly qr: boolean;
  /** A clock in the screen's time zone. */
  readonly clock: boolean;
  /** How one item gives way to the next: at once, or fading in over half a second. */
  readonly transition: 'cut' | 'fade';
}

export const DEFAULT_SCREEN_LAYOUT: ScreenLayout = { ticker: true, qr: true, clock: false, transition: 'cut' };

/**
 * What a screen plays. The version is a hash of everything else but generatedAt: equal versions,
 * equal playlists. Screens with the same content share one document, so one broadcast serves them all.
 */
export interface PlaylistDocument {
  readonly version: string;
  readonly generatedAt: string;
  /** IANA zone the operating hours are in. */
  readonly timezone: string;
  /** When the screen is on; null = always. Nothing plays outside these windows. */
  readonly operatingHours: readonly OperatingWindow[] | null;
  /** Every creative the plan plays, with its files: what the player downloads and keeps. */
  readonly items: readonly PlaylistItem[];
  /** The exact plays of the next fourteen days (see plan.ts); expand with expandPlan. */
  readonly plan: SchedulePlan;
  readonly layout: ScreenLayout;
  /** Ticker texts and QR links of the plan's campaigns that have any (see campaignsOnAir). */
  readonly campaigns: readonly CampaignZones[];
}

/** socket.io's typing of the /player namespace, from the server's side of the wire. */
export interface ServerToPlayer {
  [SERVER_EVENTS.pairingCode]: (code: PairingCode) => void;
  [SERVER_EVENTS.paired]: (paired: Paired, ack: (answer: Ack<null>) => void) => void;
  [SERVER_EVENTS.playlist]: (playlist: PlaylistDocument) => void;
  [SERVER_EVENTS.command]: (command: Command, ack: (answer: Ack<CommandResult>) => void) => void;
  [SERVER_EVENTS.revoked]: (revoked: Revoked) => void;
  [SERVER_EVENTS.protocolError]: (error: ProtocolError & { readonly event: string }) => void;
}

/** A screen's live state as the console sees it. */
export interface ScreenStatus {
  readonly screenId: string;
  readonly online: boolean;
  readonly lastSeenAt: string | null;
  readonly playerVersion: string | null;
  readonly viewport: ScreenGeometry | null;
  readonly freeBytes: number | null;
  readonly cache: MediaCacheReport | null;
  readonly playing: NowPlaying | null;
  /** The playlist the player says it holds (from its hello and heartbeats). */
  readonly heldPlaylistVersion: string | null;
}

/** socket.io's typing of the /console namespace, from the server's side of the wire. */
export interface ServerToConsole {
  [CONSOLE_EVENTS.screenStatus]: (status: ScreenStatus) => void;
}
