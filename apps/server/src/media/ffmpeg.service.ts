import { spawn } from 'node:child_process';
import { setPriority } from 'node:os';
import { type MediaProbe, parseProbe, probeArgs, progressSeconds } from '@loa/media-plan';
import type { FfmpegBinaries } from './ffmpeg-locator.js';

/** ffmpeg or ffprobe failed; `detail` is the tool's own last words, for the log and the creative's reason. */
export class MediaToolError extends Error {
  constructor(
    readonly tool: 'ffmpeg' | 'ffprobe',
    readonly detail: string,
  ) {
    super(`${tool} failed: ${detail}`);
    this.name = 'MediaToolError';
  }
}

export interface RunOptions {
  /** Length of the output in seconds, to turn progress into a fraction. */
  readonly durationSeconds?: number | null;
  readonly onProgress?: (fraction: number) => void;
  readonly signal?: AbortSignal;
}

const STDERR_KEPT = 8192;

function lastLines(stderr: string): string {
  const lines = stderr
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.length > 0 && !/^(Press \[q\]|frame=|size=)/.test(l));
  return lines.slice(-2).join(' / ').slice(0, 500) || 'no output';
}

/**
 * The one place Loa runs ffmpeg and ffprobe: with argument lists built in libs/media-plan,
 * niced so encodes yield the CPU to the API, cancellable, and with progress.
 */
export class FfmpegService {
  constructor(
    readonly binaries: FfmpegBinaries,
    private readonly nice: number,
  ) {}

  async probe(input: string, signal?: AbortSignal): Promise<MediaProbe> {
    const { stdout } = await this.spawn('ffprobe', probeArgs(input), { signal });
    try {
      return parseProbe(JSON.parse(stdout));
    } catch {
      throw new MediaToolError('ffprobe', 'output was not JSON');
    }
  }

  async run(args: readonly string[], options: RunOptions = {}): Promise<void> {
    await this.spawn('ffmpeg', args, options);
  }

  private spawn(tool: 'ffmpeg' | 'ffprobe', args: readonly string[], options: RunOptions): Promise<{ stdout: string }> {
    return new Promise((resolve, reject) => {
      const child = spawn(this.binaries[tool].path, args, {
        stdio: ['ignore', 'pipe', 'pipe'],
        signal: options.signal,
      });
      if (child.pid !== undefined && this.nice > 0 && tool === 'ffmpeg') {
        try {
          setPriority(child.pid, this.nice);
        } catch {
          // the process may already have exited; a missed nice is not worth failing the job
        }
      }
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8');
      child.stderr.setEncoding('utf8');
      child.stdout.on('data', (chunk: string) => {
        if (tool === 'ffprobe') {
          stdout += chunk;
          return;
        }
        const seconds = progressSeconds(chunk);
        const duration = options.durationSeconds;
        if (seconds !== null && duration && options.onProgress) {
          options.onProgress(Math.max(0, Math.min(1, seconds / duration)));
        }
      });
      child.stderr.on('data', (chunk: string) => {
        stderr = (stderr + chunk).slice(-STDERR_KEPT);
      });
      child.on('error', (error) => {
        reject(
          error.name === 'AbortError' ? error : new MediaToolError(tool, `could not start ${tool}: ${error.message}`),
        );
      });
      child.on('close', (code, signal) => {
        if (code === 0) resolve({ stdout });
        else if (!options.signal?.aborted) {
          reject(new MediaToolError(tool, signal ? `killed by ${signal}` : lastLines(stderr)));
        }
      });
    });
  }
}
