/**
 * The player protocol: every event between the server and a player or a console, with its
 * payload type, in both directions. The server's gateways and the browser player import this
 * one module, so an event name or a field cannot drift between them. docs/protocol.md explains it.
 */

/** Bumped when a change would break players already deployed. */
export const PROTOCOL_VERSION = 1;

export const NAMESPACES = { player: '/player', console: '/console' } as const;

/** Events a player sends. */
export const PLAYER_EVENTS = {
  /** First message after connecting: what the player is and which playlist it holds. */
  hello: 'player:hello',
  /** Every 30 s while connected: what is on screen, storage left. */
  heartbeat: 'player:heartbeat',
} as const;

/** Events the server sends to a player. */
export const SERVER_EVENTS = {
  /** An unpaired player's code to show, and the URL an operator opens to claim it. */
  pairingCode: 'pairing:code',
  /** The player was claimed: keep this device token and reconnect with it. */
  paired: 'pairing:paired',
  /** The screen's current playlist, sent on connect when the player's version differs, and on every change. */
  playlist: 'playlist',
  /** Do something now (reload, identify, screenshot); answer through the acknowledgement. */
  command: 'command',
  /** The device token was revoked: forget it and pair again. */
  revoked: 'revoked',
} as const;

export type PlayerEventName = (typeof PLAYER_EVENTS)[keyof typeof PLAYER_EVENTS];
export type ServerEventName = (typeof SERVER_EVENTS)[keyof typeof SERVER_EVENTS];

/** How an acknowledgement reports an error: a stable code for programs, a sentence for people. */
export interface ProtocolError {
  readonly code: 'invalid_message' | 'unauthorised' | 'not_found' | 'internal';
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

export interface Heartbeat {
  readonly playing: NowPlaying | null;
  readonly freeBytes: number | null;
  /** The player's clock when it sent this, to measure its offset. */
  readonly sentAt: string;
}

export interface Welcome {
  readonly serverTime: string;
  readonly screenId: string;
  readonly screenName: string;
  /** Whether a playlist follows (the player's version differed). */
  readonly playlistFollows: boolean;
}

export interface PairingCode {
  /** Six characters without look-alikes, shown large on the screen. */
  readonly code: string;
  readonly expiresAt: string;
  /** What the QR on the screen encodes: the console page that claims this code. */
  readonly claimUrl: string;
}

export interface Paired {
  readonly deviceToken: string;
  readonly screenId: string;
  readonly screenName: string;
}

export type CommandType = 'reload' | 'identify' | 'screenshot';

export interface Command {
  readonly id: string;
  readonly type: CommandType;
}

export interface CommandResult {
  /** For screenshot: a JPEG or WebP data URL of the frame on screen. */
  readonly screenshot?: string;
}

/** socket.io's typing of the /player namespace, from the player's side of the wire. */
export interface PlayerToServer {
  [PLAYER_EVENTS.hello]: (hello: Hello, ack: (answer: Ack<Welcome>) => void) => void;
  [PLAYER_EVENTS.heartbeat]: (heartbeat: Heartbeat, ack: (answer: Ack<{ serverTime: string }>) => void) => void;
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
  /** How long an image shows; a clip plays to its end. */
  readonly durationSeconds: number;
  readonly renditions: readonly RenditionRef[];
}

/** What a screen plays. The version is a hash of the content: equal versions, equal playlists. */
export interface PlaylistDocument {
  readonly version: string;
  readonly screenId: string;
  readonly generatedAt: string;
  readonly items: readonly PlaylistItem[];
}

/** socket.io's typing of the /player namespace, from the server's side of the wire. */
export interface ServerToPlayer {
  [SERVER_EVENTS.pairingCode]: (code: PairingCode) => void;
  [SERVER_EVENTS.paired]: (paired: Paired) => void;
  [SERVER_EVENTS.playlist]: (playlist: PlaylistDocument) => void;
  [SERVER_EVENTS.command]: (command: Command, ack: (answer: Ack<CommandResult>) => void) => void;
  [SERVER_EVENTS.revoked]: () => void;
}
