import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';

/**
 * docs/openapi.json is committed so API changes show in review. It is written by the built
 * server (npm run openapi), the same code users run, so this test regenerates it the same way.
 */
describe('the committed OpenAPI document', () => {
  it('matches the API the built server serves (run "npm run openapi" after changing the API)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'loa-openapi-'));
    try {
      const fresh = join(dir, 'openapi.json');
      execFileSync(process.execPath, ['apps/server/dist/cli/write-openapi.js', fresh], { stdio: 'pipe' });
      const current: unknown = JSON.parse(readFileSync(fresh, 'utf8'));
      const committed: unknown = JSON.parse(readFileSync('docs/openapi.json', 'utf8'));
      expect(current).toEqual(committed);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
