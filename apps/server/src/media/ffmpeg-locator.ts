import { execFile } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';

/** Where a binary came from, in the order Loa looks (DEVELOPERS.md / TOOLCHAIN.md). */
export type BinarySource = 'env' | 'ffmpeg-static' | '@ffmpeg-installer' | 'PATH';

export interface LocatedBinary {
  readonly path: string;
  readonly source: BinarySource;
  readonly version: string;
}

export interface FfmpegBinaries {
  readonly ffmpeg: LocatedBinary;
  readonly ffprobe: LocatedBinary;
}

export class FfmpegNotFound extends Error {
  constructor(tool: string, tried: readonly string[]) {
    super(
      `${tool} was not found. Tried: ${tried.join('; ')}. ` +
        `Set ${tool.toUpperCase()}_PATH, run npm install (it brings @ffmpeg-installer), or apt-get install ffmpeg.`,
    );
    this.name = 'FfmpegNotFound';
  }
}

const require = createRequire(import.meta.url);

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function fromPackage(load: () => unknown, pick: (module: unknown) => unknown): string | null {
  try {
    const value = pick(load());
    return typeof value === 'string' ? value : null;
  } catch {
    return null;
  }
}

function onPath(name: string, envPath: string | undefined): string | null {
  for (const dir of (envPath ?? '').split(delimiter).filter(Boolean)) {
    const candidate = join(dir, name);
    if (executable(candidate)) return candidate;
  }
  return null;
}

const pathOf = (m: unknown) => (m as { path?: unknown } | null)?.path;

function locate(
  tool: 'ffmpeg' | 'ffprobe',
  configured: string | undefined,
  envPath: string | undefined,
): { path: string; source: BinarySource } {
  const tried: string[] = [];
  if (configured) {
    if (executable(configured)) return { path: configured, source: 'env' };
    // a path the operator set explicitly and that does not work is a mistake, not a reason to look elsewhere
    throw new FfmpegNotFound(tool, [`${tool.toUpperCase()}_PATH=${configured} (not an executable file)`]);
  }
  if (tool === 'ffmpeg') {
    const path = fromPackage(
      () => require('ffmpeg-static'),
      (m) => m,
    );
    if (path && executable(path)) return { path, source: 'ffmpeg-static' };
    tried.push('ffmpeg-static (binary not downloaded)');
  }
  const installer = tool === 'ffmpeg' ? '@ffmpeg-installer/ffmpeg' : '@ffprobe-installer/ffprobe';
  const installed = fromPackage(() => require(installer), pathOf);
  if (installed && executable(installed)) return { path: installed, source: '@ffmpeg-installer' };
  tried.push(installer);
  const system = onPath(tool, envPath);
  if (system) return { path: system, source: 'PATH' };
  tried.push('PATH');
  throw new FfmpegNotFound(tool, tried);
}

async function versionOf(path: string): Promise<string> {
  const { stdout } = await promisify(execFile)(path, ['-version'], { timeout: 10_000 });
  const match = /version\s+(\S+)/.exec(stdout);
  return match ? match[1] : 'unknown';
}

/** Finds ffmpeg and ffprobe once at start-up and checks that they run. */
export async function locateFfmpeg(
  settings: { ffmpegPath?: string; ffprobePath?: string },
  envPath: string | undefined,
): Promise<FfmpegBinaries> {
  const ffmpeg = locate('ffmpeg', settings.ffmpegPath, envPath);
  const ffprobe = locate('ffprobe', settings.ffprobePath, envPath);
  const [ffmpegVersion, ffprobeVersion] = await Promise.all([versionOf(ffmpeg.path), versionOf(ffprobe.path)]);
  return { ffmpeg: { ...ffmpeg, version: ffmpegVersion }, ffprobe: { ...ffprobe, version: ffprobeVersion } };
}
