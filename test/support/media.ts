import { execFile } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect } from '@jest/globals';
import { probeArgs } from '@loa/media-plan';
import type { TestApp } from './test-app.js';

const here = dirname(fileURLToPath(import.meta.url));
/** Copies of ../shared/fixtures/media, so the suite runs on any clone. */
export const FIXTURES = join(here, '..', 'fixtures', 'media');
export const fixture = (name: string): string => join(FIXTURES, name);
export const FIXTURE_NAMES = readdirSync(FIXTURES).sort();

const require = createRequire(import.meta.url);
export const FFMPEG = (require('@ffmpeg-installer/ffmpeg') as { path: string }).path;
export const FFPROBE = (require('@ffprobe-installer/ffprobe') as { path: string }).path;

/** Runs ffmpeg to make a test input. */
export async function ffmpeg(...args: string[]): Promise<void> {
  await promisify(execFile)(FFMPEG, ['-hide_banner', '-nostdin', '-y', '-loglevel', 'error', ...args]);
}

export async function ffprobe(path: string): Promise<Record<string, unknown>> {
  const { stdout } = await promisify(execFile)(FFPROBE, probeArgs(path));
  return JSON.parse(stdout) as Record<string, unknown>;
}

export interface CreativeBody {
  id: string;
  kind: string;
  status: string;
  review: string;
  background: string;
  fit: string;
  schedulable: boolean;
  failure: { reason: string; message: string } | null;
  width: number | null;
  height: number | null;
  durationSeconds: number | null;
  videoCodec: string | null;
  audioCodec: string | null;
  byteSize: number;
  sha256: string | null;
  originalUrl: string | null;
  thumbnailUrl: string | null;
  posterUrl: string | null;
  renditions: Array<{
    purpose: string;
    profiles: string[];
    format: string;
    mimeType: string;
    width: number | null;
    height: number | null;
    durationSeconds: number | null;
    videoCodec: string | null;
    audioCodec: string | null;
    byteSize: number;
    sha256: string;
    url: string;
  }>;
}

/** Uploads one file as multipart; returns the raw response. */
export function upload(
  t: TestApp,
  token: string,
  file: string | Buffer,
  fields: Record<string, string> = {},
  name?: string,
) {
  let req = t.http().post('/api/creatives').auth(token, { type: 'bearer' });
  for (const [key, value] of Object.entries(fields)) req = req.field(key, value);
  return typeof file === 'string'
    ? req.attach('file', file, name ? { filename: name } : undefined)
    : req.attach('file', file, { filename: name ?? 'upload.bin', contentType: 'application/octet-stream' });
}

/** Polls until processing ends (ready or failed). */
export async function settled(t: TestApp, token: string, id: string, timeoutMs = 90_000): Promise<CreativeBody> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await t.http().get(`/api/creatives/${id}`).auth(token, { type: 'bearer' });
    expect(res.status).toBe(200);
    const body = res.body as CreativeBody & { progress: number };
    if (body.status !== 'processing') return body;
    if (Date.now() > deadline) throw new Error(`creative ${id} still processing after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

/** Every file under a folder, recursively: what is on disk. */
export function filesUnder(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    let names: string[];
    try {
      names = readdirSync(d);
    } catch {
      return;
    }
    for (const name of names) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else out.push(path);
    }
  };
  walk(dir);
  return out.sort();
}

export const mediaFiles = (t: TestApp): string[] => filesUnder(join(t.dir, 'media'));

/**
 * The media files once the server has had time to delete them. A failed creative's status is
 * committed first and its files released just after (nothing may still reference them), so a
 * client can read "failed" a moment before the files are gone.
 */
export async function mediaFilesOnceReleased(t: TestApp, timeoutMs = 5000): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  while (mediaFiles(t).length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  return mediaFiles(t);
}

/** Downloads a stored file through the public media route. */
export async function download(t: TestApp, url: string): Promise<Buffer> {
  const res = await t
    .http()
    .get(url)
    .buffer(true)
    .parse((response, callback) => {
      const chunks: Buffer[] = [];
      response.on('data', (c: Buffer) => chunks.push(c));
      response.on('end', () => callback(null, Buffer.concat(chunks)));
    });
  expect(res.status).toBe(200);
  return res.body as Buffer;
}
