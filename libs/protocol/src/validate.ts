import {
  type CommandResult,
  type CommandType,
  type Heartbeat,
  type Hello,
  MAX_PLAYS_PER_BATCH,
  type MediaCacheReport,
  MAX_SCREENSHOT_DATA_URL,
  type NowPlaying,
  type PlayRecord,
  type PlaysBatch,
  type ProtocolError,
} from './messages.js';

/**
 * Checks of what players send. Hand-written rather than a schema library so the player bundle
 * stays small; each returns the message typed, or the fields that are wrong.
 */
export type Checked<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: ProtocolError };

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (v: unknown, max = Number.MAX_SAFE_INTEGER): v is number =>
  typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= max;
/** Byte counts are whole numbers (a fraction would not fit the database's bigint). */
const isByteCount = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;
const isPositive = (v: unknown, max: number): v is number => isCount(v, max) && v > 0;
const isShortText = (v: unknown, max: number): v is string => typeof v === 'string' && v.length > 0 && v.length <= max;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2})$/;
/** The instant in Unix milliseconds, or NaN when it is not an ISO 8601 instant. */
const instantMs = (v: unknown): number => (typeof v === 'string' && ISO_INSTANT.test(v) ? Date.parse(v) : NaN);
const isInstant = (v: unknown): v is string => !Number.isNaN(instantMs(v));
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SHA256 = /^[0-9a-f]{64}$/;

function invalid<T>(fields: string[]): Checked<T> {
  return {
    ok: false,
    error: { code: 'invalid_message', message: `Invalid message: check ${fields.join(', ')}.`, fields },
  };
}

export function checkHello(input: unknown): Checked<Hello> {
  if (!isObject(input)) return invalid(['message']);
  const wrong: string[] = [];
  if (!Number.isInteger(input.protocol) || (input.protocol as number) < 1) wrong.push('protocol');
  if (!isShortText(input.playerVersion, 40)) wrong.push('playerVersion');
  if (input.playlistVersion !== null && !isShortText(input.playlistVersion, 128)) wrong.push('playlistVersion');
  const screen = input.screen;
  if (
    !isObject(screen) ||
    !isPositive(screen.width, 100_000) ||
    !isPositive(screen.height, 100_000) ||
    !isPositive(screen.devicePixelRatio, 16)
  ) {
    wrong.push('screen');
  }
  if (input.freeBytes !== null && !isByteCount(input.freeBytes)) wrong.push('freeBytes');
  if (wrong.length > 0) return invalid(wrong);
  const s = screen as Json;
  return {
    ok: true,
    value: {
      protocol: input.protocol as number,
      playerVersion: input.playerVersion as string,
      playlistVersion: input.playlistVersion as string | null,
      screen: { width: s.width as number, height: s.height as number, devicePixelRatio: s.devicePixelRatio as number },
      freeBytes: input.freeBytes as number | null,
    },
  };
}

function checkNowPlaying(input: unknown): NowPlaying | null | undefined {
  if (input === null) return null;
  if (!isObject(input)) return undefined;
  const { creativeId, renditionSha256, startedAt } = input;
  if (typeof creativeId !== 'string' || !UUID.test(creativeId)) return undefined;
  if (typeof renditionSha256 !== 'string' || !SHA256.test(renditionSha256)) return undefined;
  if (!isInstant(startedAt)) return undefined;
  return { creativeId, renditionSha256, startedAt };
}

function checkCacheReport(input: unknown): MediaCacheReport | null | undefined {
  if (input === undefined || input === null) return null;
  if (!isObject(input)) return undefined;
  const { files, bytes, missing } = input;
  // whole counts, as the database keeps them
  if (!isByteCount(files) || !isByteCount(bytes) || !isByteCount(missing)) return undefined;
  return { files, bytes, missing };
}

export function checkHeartbeat(input: unknown): Checked<Heartbeat> {
  if (!isObject(input)) return invalid(['message']);
  const wrong: string[] = [];
  const playing = checkNowPlaying(input.playing);
  if (playing === undefined) wrong.push('playing');
  if (input.playlistVersion !== null && !isShortText(input.playlistVersion, 128)) wrong.push('playlistVersion');
  if (input.freeBytes !== null && !isByteCount(input.freeBytes)) wrong.push('freeBytes');
  const cache = checkCacheReport(input.cache);
  if (cache === undefined) wrong.push('cache');
  if (!isInstant(input.sentAt)) wrong.push('sentAt');
  if (wrong.length > 0) return invalid(wrong);
  return {
    ok: true,
    value: {
      playing: playing ?? null,
      playlistVersion: input.playlistVersion as string | null,
      freeBytes: input.freeBytes as number | null,
      cache,
      sentAt: input.sentAt as string,
    },
  };
}

const SCREENSHOT_DATA_URL = /^data:image\/(jpeg|webp|png);base64,[A-Za-z0-9+/]+={0,2}$/;

/** What a player answered to a command: for a screenshot, an image as a data URL of bounded size. */
export function checkCommandResult(type: CommandType, input: unknown): Checked<CommandResult> {
  if (type !== 'screenshot') return { ok: true, value: {} };
  if (!isObject(input)) return invalid(['message']);
  const screenshot = input.screenshot;
  if (
    typeof screenshot !== 'string' ||
    screenshot.length > MAX_SCREENSHOT_DATA_URL ||
    !SCREENSHOT_DATA_URL.test(screenshot)
  ) {
    return invalid(['screenshot']);
  }
  return { ok: true, value: { screenshot } };
}

const REASONS: readonly string[] = ['campaign', 'donation', 'filler', 'emergency'];
const OUTCOMES: readonly string[] = ['complete', 'interrupted', 'skipped'];
const isIdOrNull = (v: unknown): boolean => v === null || (typeof v === 'string' && UUID.test(v));

/** A batch of proof-of-play records: every record well formed, or the batch is refused with where. */
export function checkPlaysBatch(input: unknown): Checked<PlaysBatch> {
  if (!isObject(input) || !Array.isArray(input.plays)) return invalid(['plays']);
  const plays = input.plays as unknown[];
  if (plays.length === 0 || plays.length > MAX_PLAYS_PER_BATCH) return invalid(['plays']);
  const wrong: string[] = [];
  const out: PlayRecord[] = [];
  plays.forEach((p, i) => {
    const fields = playProblems(p);
    if (fields.length > 0) wrong.push(...fields.map((f) => `plays[${i}].${f}`));
    else out.push(p as PlayRecord);
  });
  if (wrong.length > 0) return invalid(wrong.slice(0, 20));
  return { ok: true, value: { plays: out } };
}

function playProblems(p: unknown): string[] {
  if (!isObject(p)) return ['record'];
  const wrong: string[] = [];
  if (typeof p.playId !== 'string' || !UUID.test(p.playId)) wrong.push('playId');
  for (const key of ['creativeId', 'campaignId', 'donationId', 'emergencyId', 'entryId'] as const) {
    if (!isIdOrNull(p[key])) wrong.push(key);
  }
  if (p.renditionSha256 !== null && (typeof p.renditionSha256 !== 'string' || !SHA256.test(p.renditionSha256))) {
    wrong.push('renditionSha256');
  }
  if (typeof p.reason !== 'string' || !REASONS.includes(p.reason)) wrong.push('reason');
  if (Number.isNaN(instantMs(p.scheduledStart))) wrong.push('scheduledStart');
  if (Number.isNaN(instantMs(p.scheduledEnd))) wrong.push('scheduledEnd');
  const startedAt = instantMs(p.startedAt);
  const endedAt = instantMs(p.endedAt);
  if (Number.isNaN(startedAt)) wrong.push('startedAt');
  // NaN compares false: an end that is not an instant is reported once
  if (Number.isNaN(endedAt) || endedAt < startedAt) wrong.push('endedAt');
  if (!isCount(p.shownSeconds, 86_400)) wrong.push('shownSeconds');
  if (typeof p.outcome !== 'string' || !OUTCOMES.includes(p.outcome)) wrong.push('outcome');
  if (p.note !== null && !isShortText(p.note, 200)) wrong.push('note');
  return wrong;
}
