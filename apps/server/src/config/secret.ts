import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AppConfig } from './config.schema.js';

/**
 * Production must set AUTH_SECRET (the schema refuses to start otherwise). In development
 * a secret is generated once and kept in DATA_DIR, so sessions survive restarts.
 */
export function withAuthSecret(config: AppConfig): AppConfig & { authSecret: string } {
  if (config.authSecret) return { ...config, authSecret: config.authSecret };
  const file = join(config.dataDir, 'auth-secret');
  let secret: string;
  try {
    secret = readFileSync(file, 'utf8').trim();
  } catch {
    secret = '';
  }
  if (secret.length < 32) {
    secret = randomBytes(48).toString('base64url');
    mkdirSync(config.dataDir, { recursive: true });
    writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  }
  return { ...config, authSecret: secret };
}
