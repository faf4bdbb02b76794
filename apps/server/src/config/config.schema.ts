import { z } from 'zod';

/**
 * Every setting Loa reads, parsed once at boot from the environment. Nothing else reads
 * process.env: the app gets this typed object, and a bad value stops the process with
 * a message that names the variable.
 */

const BYTE_UNITS: Record<string, number> = { '': 1, b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3, tb: 1024 ** 4 };
const DURATION_UNITS: Record<string, number> = { '': 1, s: 1, m: 60, h: 3600, d: 86400 };
const MAX_DURATION_SECONDS = 3650 * 86400;

const bytes = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((value, ctx) => {
      const match = /^\s*(\d+(?:\.\d+)?)\s*([kmgt]?b?)\s*$/i.exec(value);
      const factor = match ? BYTE_UNITS[match[2].toLowerCase()] : undefined;
      if (!match || factor === undefined) {
        ctx.addIssue({ code: 'custom', message: `expected a size such as 52428800, 50MB or 2GB, got "${value}"` });
        return z.NEVER;
      }
      return Math.round(Number(match[1]) * factor);
    });

const seconds = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((value, ctx) => {
      const match = /^\s*(\d+)\s*([smhd]?)\s*$/i.exec(value);
      const factor = match ? DURATION_UNITS[match[2].toLowerCase()] : undefined;
      const total = match && factor !== undefined ? Number(match[1]) * factor : NaN;
      if (!(total > 0 && total <= MAX_DURATION_SECONDS)) {
        ctx.addIssue({
          code: 'custom',
          message: `expected a positive duration up to 3650d, such as 900, 15m, 12h or 30d, got "${value}"`,
        });
        return z.NEVER;
      }
      return total;
    });

const integer = (fallback: number, min: number, max: number) =>
  z
    .string()
    .default(String(fallback))
    .transform((value, ctx) => {
      const n = /^\s*-?\d+\s*$/.test(value) ? Number(value) : NaN;
      if (!Number.isSafeInteger(n) || n < min || n > max) {
        ctx.addIssue({ code: 'custom', message: `expected a whole number from ${min} to ${max}, got "${value}"` });
        return z.NEVER;
      }
      return n;
    });

const optionalText = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v));

export type DatabaseConfig = { type: 'sqlite'; path: string } | { type: 'postgres'; url: string };

const databaseUrl = z
  .string()
  .default('sqlite:data/loa.db')
  .transform((value, ctx): DatabaseConfig => {
    if (value.startsWith('sqlite:')) {
      const path = value.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
      if (path.length === 0) {
        ctx.addIssue({ code: 'custom', message: 'sqlite: needs a file path, e.g. sqlite:data/loa.db' });
        return z.NEVER;
      }
      return { type: 'sqlite', path };
    }
    if (/^postgres(ql)?:\/\//.test(value)) {
      try {
        new URL(value);
      } catch {
        ctx.addIssue({ code: 'custom', message: `not a valid PostgreSQL URL: "${value}"` });
        return z.NEVER;
      }
      return { type: 'postgres', url: value };
    }
    ctx.addIssue({
      code: 'custom',
      message: `expected sqlite:<path> or postgres://user@host:5432/database, got "${value}"`,
    });
    return z.NEVER;
  });

const httpUrl = z
  .string()
  .optional()
  .refine((v) => v === undefined || v === '' || /^https?:\/\/[^\s/]+/.test(v), {
    message: 'expected an http(s) URL such as https://loa.example.gov.vn',
  });

const redisUrl = z
  .string()
  .optional()
  .refine((v) => v === undefined || v === '' || /^rediss?:\/\/\S+$/.test(v), {
    message: 'expected a redis:// URL such as redis://127.0.0.1:6379',
  });

export const envSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    HOST: z.string().default('0.0.0.0'),
    PORT: integer(3000, 0, 65535),
    PUBLIC_URL: httpUrl,
    DATABASE_URL: databaseUrl,
    DATA_DIR: z.string().min(1).default('data'),
    MEDIA_DIR: z.string().min(1).default('media'),
    REDIS_URL: redisUrl,
    REDIS_KEY_PREFIX: z
      .string()
      .regex(/^[\w:.-]{0,64}$/, 'letters, digits and : . _ - only, at most 64')
      .default('loa:'),
    AUTH_SECRET: optionalText.refine((v) => v === undefined || v.length >= 32, {
      message: 'must be at least 32 characters (e.g. openssl rand -base64 48)',
    }),
    ACCESS_TOKEN_TTL: seconds('15m'),
    REFRESH_TOKEN_TTL: seconds('30d'),
    UPLOAD_MAX_IMAGE_BYTES: bytes('50MB'),
    UPLOAD_MAX_CLIP_BYTES: bytes('2GB'),
    UPLOAD_MAX_AUDIO_BYTES: bytes('200MB'),
    UPLOAD_SESSION_TTL: seconds('24h'),
    MEDIA_MAX_IMAGE_PIXELS: integer(100_000_000, 1, 2_000_000_000),
    MEDIA_MAX_DURATION: seconds('2h'),
    MEDIA_IMAGE_CONCURRENCY: integer(2, 1, 64),
    MEDIA_FFMPEG_CONCURRENCY: integer(1, 1, 64),
    MEDIA_NICE: integer(10, 0, 19),
    FFMPEG_PATH: optionalText,
    FFPROBE_PATH: optionalText,
    PATH: z.string().optional(),
    LOGIN_THROTTLE_LIMIT: integer(10, 1, 10_000),
    LOGIN_THROTTLE_TTL: seconds('60s'),
    HEALTH_MIN_FREE_DISK: bytes('256MB'),
    PAIRING_CODE_TTL: seconds('10m'),
    PAIRING_CLAIM_LIMIT: integer(10, 1, 1_000_000),
    PAIRING_CODE_LIMIT: integer(120, 1, 1_000_000),
    PAIRING_CLAIM_WINDOW: seconds('10m'),
    PLAYLIST_COALESCE_MS: integer(25, 0, 10_000),
    PLAYLIST_COALESCE_MAX_MS: integer(1000, 0, 60_000),
    COMMAND_TIMEOUT: seconds('15s'),
    ADMIN_EMAIL: optionalText.refine((v) => v === undefined || z.email().safeParse(v).success, {
      message: 'must be an email address',
    }),
    ADMIN_PASSWORD: optionalText.refine((v) => v === undefined || (v.length >= 10 && v.length <= 200), {
      message: 'must be 10 to 200 characters long',
    }),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),
    LOG_FORMAT: z.enum(['json', 'pretty']).optional(),
    DEMO: z.enum(['0', '1', 'true', 'false']).optional(),
    TRUST_PROXY: z
      .enum(['true', 'false', '0', '1', '2', '3'])
      .default('false')
      .transform((v) => (v === 'true' ? true : v === 'false' ? false : Number(v))),
  })
  .superRefine((env, ctx) => {
    if (Boolean(env.ADMIN_EMAIL) !== Boolean(env.ADMIN_PASSWORD)) {
      ctx.addIssue({
        code: 'custom',
        path: [env.ADMIN_EMAIL ? 'ADMIN_PASSWORD' : 'ADMIN_EMAIL'],
        message: 'set ADMIN_EMAIL and ADMIN_PASSWORD together, or neither',
      });
    }
    if (env.NODE_ENV === 'production' && !env.AUTH_SECRET) {
      ctx.addIssue({
        code: 'custom',
        path: ['AUTH_SECRET'],
        message: 'is required when NODE_ENV=production (at least 32 random characters)',
      });
    }
  });

export interface AppConfig {
  readonly env: 'development' | 'production' | 'test';
  readonly host: string;
  readonly port: number;
  readonly publicUrl: string;
  readonly database: DatabaseConfig;
  readonly dataDir: string;
  readonly mediaDir: string;
  readonly redisUrl: string | undefined;
  /** Prefix of every Redis key, so several deployments can share one Redis. */
  readonly redisKeyPrefix: string;
  /** Undefined until resolved: development generates one and keeps it in DATA_DIR. */
  readonly authSecret: string | undefined;
  readonly accessTokenTtlSeconds: number;
  readonly refreshTokenTtlSeconds: number;
  readonly uploadLimits: { readonly imageBytes: number; readonly clipBytes: number; readonly audioBytes: number };
  /** How long an unfinished resumable upload is kept before its bytes are deleted. */
  readonly uploadSessionTtlSeconds: number;
  readonly media: {
    readonly maxImagePixels: number;
    readonly maxDurationSeconds: number;
    /** Images processed at once; each also uses one libvips thread. */
    readonly imageConcurrency: number;
    /** ffmpeg processes at once. */
    readonly ffmpegConcurrency: number;
    /** Niceness of ffmpeg processes, so transcodes yield the CPU to the API and the sockets. */
    readonly nice: number;
    readonly ffmpegPath: string | undefined;
    readonly ffprobePath: string | undefined;
    /** The process's PATH, the last place ffmpeg is looked for. */
    readonly searchPath: string | undefined;
  };
  readonly loginThrottle: { readonly limit: number; readonly ttlSeconds: number };
  readonly healthMinFreeDiskBytes: number;
  readonly screens: {
    /** How long a pairing code shown on an unpaired screen stays valid. */
    readonly pairingCodeTtlSeconds: number;
    /** Failed claims (unknown, expired or used codes) allowed per user in each window; per address, ten times that. */
    readonly claimLimit: number;
    readonly claimWindowSeconds: number;
    /** Unpaired connections (each shown a code) allowed per client address in ten minutes. */
    readonly codeLimit: number;
    /** Quiet time after a change before playlists are recomputed and pushed, so bursts become one push. */
    readonly coalesceMs: number;
    /** The longest a push waits while changes keep coming. */
    readonly coalesceMaxMs: number;
    /** How long a command (reload, identify, screenshot) waits for the player's answer. */
    readonly commandTimeoutSeconds: number;
  };
  readonly bootstrapAdmin: { readonly email: string; readonly password: string } | undefined;
  readonly log: { readonly level: string; readonly format: 'json' | 'pretty' };
  readonly trustProxy: boolean | number;
  /** Seed the demo (a province, screens, a Bluezone campaign, a user per role) into an empty database. */
  readonly demo: boolean;
}

export class ConfigError extends Error {
  constructor(readonly problems: ReadonlyArray<{ variable: string; message: string }>) {
    super(
      `Invalid configuration:\n${problems.map((p) => `  ${p.variable}: ${p.message}`).join('\n')}\n` +
        'Fix the environment variables above (see the table in README.md) and start again.',
    );
    this.name = 'ConfigError';
  }
}

export function parseConfig(env: Readonly<Record<string, string | undefined>>): AppConfig {
  const result = envSchema.safeParse(env);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((issue) => ({
        variable: String(issue.path[0] ?? 'environment'),
        message: issue.code === 'invalid_value' ? `must be one of ${issue.values.join(', ')}` : issue.message,
      })),
    );
  }
  const e = result.data;
  const production = e.NODE_ENV === 'production';
  return {
    env: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    publicUrl: (e.PUBLIC_URL || `http://localhost:${e.PORT}`).replace(/\/+$/, ''),
    database: e.DATABASE_URL,
    dataDir: e.DATA_DIR,
    mediaDir: e.MEDIA_DIR,
    redisUrl: e.REDIS_URL || undefined,
    redisKeyPrefix: e.REDIS_KEY_PREFIX,
    authSecret: e.AUTH_SECRET,
    accessTokenTtlSeconds: e.ACCESS_TOKEN_TTL,
    refreshTokenTtlSeconds: e.REFRESH_TOKEN_TTL,
    uploadLimits: {
      imageBytes: e.UPLOAD_MAX_IMAGE_BYTES,
      clipBytes: e.UPLOAD_MAX_CLIP_BYTES,
      audioBytes: e.UPLOAD_MAX_AUDIO_BYTES,
    },
    uploadSessionTtlSeconds: e.UPLOAD_SESSION_TTL,
    media: {
      maxImagePixels: e.MEDIA_MAX_IMAGE_PIXELS,
      maxDurationSeconds: e.MEDIA_MAX_DURATION,
      imageConcurrency: e.MEDIA_IMAGE_CONCURRENCY,
      ffmpegConcurrency: e.MEDIA_FFMPEG_CONCURRENCY,
      nice: e.MEDIA_NICE,
      ffmpegPath: e.FFMPEG_PATH,
      ffprobePath: e.FFPROBE_PATH,
      searchPath: e.PATH,
    },
    loginThrottle: { limit: e.LOGIN_THROTTLE_LIMIT, ttlSeconds: e.LOGIN_THROTTLE_TTL },
    healthMinFreeDiskBytes: e.HEALTH_MIN_FREE_DISK,
    screens: {
      pairingCodeTtlSeconds: e.PAIRING_CODE_TTL,
      claimLimit: e.PAIRING_CLAIM_LIMIT,
      claimWindowSeconds: e.PAIRING_CLAIM_WINDOW,
      codeLimit: e.PAIRING_CODE_LIMIT,
      coalesceMs: e.PLAYLIST_COALESCE_MS,
      coalesceMaxMs: e.PLAYLIST_COALESCE_MAX_MS,
      commandTimeoutSeconds: e.COMMAND_TIMEOUT,
    },
    bootstrapAdmin:
      e.ADMIN_EMAIL && e.ADMIN_PASSWORD ? { email: e.ADMIN_EMAIL, password: e.ADMIN_PASSWORD } : undefined,
    log: {
      level: e.LOG_LEVEL ?? (e.NODE_ENV === 'test' ? 'silent' : 'info'),
      format: e.LOG_FORMAT ?? (production ? 'json' : 'pretty'),
    },
    trustProxy: e.TRUST_PROXY,
    // on by default, so `npm start` shows a live system; tests start empty unless they ask
    demo: e.DEMO === undefined ? e.NODE_ENV !== 'test' : e.DEMO === '1' || e.DEMO === 'true',
  };
}
