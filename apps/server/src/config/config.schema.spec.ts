import { describe, expect, it } from '@jest/globals';
import { ConfigError, parseConfig } from './config.schema.js';

function problemsOf(env: Record<string, string>): string[] {
  try {
    parseConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.map((p) => p.variable);
    throw error;
  }
  return [];
}

describe('parseConfig', () => {
  it('runs on an empty environment with the embedded defaults', () => {
    const config = parseConfig({});
    expect(config.port).toBe(3000);
    expect(config.database).toEqual({ type: 'sqlite', path: 'data/loa.db' });
    expect(config.mediaDir).toBe('media');
    expect(config.publicUrl).toBe('http://localhost:3000');
    expect(config.uploadLimits).toEqual({
      imageBytes: 50 * 1024 ** 2,
      clipBytes: 2 * 1024 ** 3,
      audioBytes: 200 * 1024 ** 2,
    });
    expect(config.accessTokenTtlSeconds).toBe(900);
    expect(config.refreshTokenTtlSeconds).toBe(30 * 86400);
    expect(config.bootstrapAdmin).toBeUndefined();
    expect(config.log.format).toBe('pretty');
  });

  it('reads PostgreSQL URLs and sizes with units', () => {
    const config = parseConfig({
      DATABASE_URL: 'postgres://loa@db.internal:5432/loa',
      UPLOAD_MAX_IMAGE_BYTES: '10MB',
      UPLOAD_MAX_CLIP_BYTES: '1.5GB',
      ACCESS_TOKEN_TTL: '1h',
      PUBLIC_URL: 'https://loa.backan.gov.vn/',
    });
    expect(config.database).toEqual({ type: 'postgres', url: 'postgres://loa@db.internal:5432/loa' });
    expect(config.uploadLimits.imageBytes).toBe(10 * 1024 ** 2);
    expect(config.uploadLimits.clipBytes).toBe(Math.round(1.5 * 1024 ** 3));
    expect(config.accessTokenTtlSeconds).toBe(3600);
    expect(config.publicUrl).toBe('https://loa.backan.gov.vn');
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ DATABASE_URL: 'sqlite:' }, 'DATABASE_URL'],
    [{ UPLOAD_MAX_CLIP_BYTES: 'lots' }, 'UPLOAD_MAX_CLIP_BYTES'],
    [{ ACCESS_TOKEN_TTL: '0' }, 'ACCESS_TOKEN_TTL'],
    [{ PUBLIC_URL: 'loa.example' }, 'PUBLIC_URL'],
    [{ REDIS_URL: 'localhost:6379' }, 'REDIS_URL'],
    [{ AUTH_SECRET: 'short' }, 'AUTH_SECRET'],
    [{ NODE_ENV: 'staging' }, 'NODE_ENV'],
    [{ ADMIN_EMAIL: 'admin@loa.vn' }, 'ADMIN_PASSWORD'],
    [{ ADMIN_EMAIL: 'not-an-email', ADMIN_PASSWORD: 'long enough pw' }, 'ADMIN_EMAIL'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ REFRESH_TOKEN_TTL: '300000000d' }, 'REFRESH_TOKEN_TTL'],
    [{ ADMIN_EMAIL: 'admin@loa.vn', ADMIN_PASSWORD: 'x'.repeat(201) }, 'ADMIN_PASSWORD'],
    [{ REDIS_KEY_PREFIX: 'has space' }, 'REDIS_KEY_PREFIX'],
  ])('names the variable at fault: %j', (env, variable) => {
    expect(problemsOf(env)).toContain(variable);
  });

  it('refuses production without a secret, and says how to make one', () => {
    expect(() => parseConfig({ NODE_ENV: 'production' })).toThrow(/AUTH_SECRET: is required when NODE_ENV=production/);
    expect(parseConfig({ NODE_ENV: 'production', AUTH_SECRET: 'x'.repeat(32) }).log.format).toBe('json');
  });

  it('lists every bad variable at once', () => {
    expect(problemsOf({ PORT: 'abc', DATABASE_URL: 'nope' })).toEqual(['PORT', 'DATABASE_URL']);
  });
});
