import { createReadStream } from 'node:fs';
import { link, mkdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Readable } from 'node:stream';

/** A byte range, both ends included, as HTTP Range counts. */
export interface ByteRange {
  readonly start: number;
  readonly end: number;
}

const SHA256 = /^[0-9a-f]{64}$/;
export const isSha256 = (value: string): boolean => SHA256.test(value);

/**
 * Where media bytes live, addressed by their sha256: the same bytes are kept once whoever
 * uploads them. Callers never see paths of the store itself, so an S3-compatible store can
 * replace the local one without touching them.
 */
export abstract class MediaStorage {
  /** A folder on local disk for uploads in progress and for tools' outputs before they are stored. */
  abstract readonly scratchDir: string;
  /** Moves a finished scratch file into the store under its hash; if those bytes are already stored it is just removed. */
  abstract putFile(scratchFile: string, sha256: string): Promise<void>;
  abstract has(sha256: string): Promise<boolean>;
  abstract read(sha256: string, range?: ByteRange): Readable;
  abstract delete(sha256: string): Promise<void>;
  /** A path ffmpeg and sharp can read; a remote store would fetch a local copy here. */
  abstract localPath(sha256: string): Promise<string>;
  /** For the health check and the start-up log. */
  abstract describe(): { kind: string; location: string };
}

/** The store on the local disk: MEDIA_DIR/objects/ab/cd/abcd…, with scratch space beside it. */
export class LocalMediaStorage extends MediaStorage {
  readonly scratchDir: string;
  private readonly objectsDir: string;

  constructor(mediaDir: string) {
    super();
    const root = resolve(mediaDir);
    this.objectsDir = join(root, 'objects');
    this.scratchDir = join(root, '.scratch');
  }

  async init(): Promise<void> {
    await mkdir(this.objectsDir, { recursive: true });
    await mkdir(this.scratchDir, { recursive: true });
  }

  private pathOf(sha256: string): string {
    if (!isSha256(sha256)) throw new Error(`not a sha256: ${sha256}`);
    return join(this.objectsDir, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }

  async putFile(scratchFile: string, sha256: string): Promise<void> {
    const target = this.pathOf(sha256);
    await mkdir(dirname(target), { recursive: true });
    try {
      // link fails if the object exists, so a stored object is never overwritten under a reader
      await link(scratchFile, target);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        // no hard links here (some network filesystems): a rename is atomic too
        if ((error as NodeJS.ErrnoException).code === 'EPERM' || (error as NodeJS.ErrnoException).code === 'ENOTSUP') {
          await rename(scratchFile, target);
          return;
        }
        throw error;
      }
    }
    await rm(scratchFile, { force: true });
  }

  async has(sha256: string): Promise<boolean> {
    try {
      return (await stat(this.pathOf(sha256))).isFile();
    } catch {
      return false;
    }
  }

  read(sha256: string, range?: ByteRange): Readable {
    return createReadStream(this.pathOf(sha256), range ? { start: range.start, end: range.end } : {});
  }

  async delete(sha256: string): Promise<void> {
    await rm(this.pathOf(sha256), { force: true });
  }

  localPath(sha256: string): Promise<string> {
    return Promise.resolve(this.pathOf(sha256));
  }

  describe(): { kind: string; location: string } {
    return { kind: 'local', location: this.objectsDir };
  }
}
