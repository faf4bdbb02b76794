import 'reflect-metadata';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp, openApiDocument } from '../app.factory.js';
import { parseConfig } from '../config/config.schema.js';

/** Writes the OpenAPI document (docs/openapi.json) from the real app on a throw-away database. */
const target = process.argv[2] ?? 'docs/openapi.json';
const scratch = mkdtempSync(join(tmpdir(), 'loa-openapi-'));
try {
  const app = await createApp(
    parseConfig({
      NODE_ENV: 'test',
      DATABASE_URL: `sqlite:${join(scratch, 'loa.db')}`,
      DATA_DIR: scratch,
      MEDIA_DIR: scratch,
      ADMIN_EMAIL: 'openapi@loa.local',
      ADMIN_PASSWORD: 'not-used-anywhere',
    }),
  );
  writeFileSync(target, `${JSON.stringify(openApiDocument(app), null, 2)}\n`);
  await app.close();
  process.stdout.write(`wrote ${target}\n`);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
