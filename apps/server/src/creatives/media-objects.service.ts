import { createHash, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type EntityManager, In, Repository } from 'typeorm';
import { MediaStorage } from '../media/media-storage.js';
import { Creative } from './creative.entity.js';
import { MediaObject } from './media-object.entity.js';
import { Rendition } from './rendition.entity.js';

export interface StoredObject {
  readonly sha256: string;
  readonly byteSize: number;
}

/** The first bytes of a file, or fewer if it is shorter. */
export async function headOf(path: string, bytes: number): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(bytes);
    const { bytesRead } = await handle.read(buffer, 0, bytes, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

export async function sha256OfFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(path), hash);
  return hash.digest('hex');
}

/**
 * Bytes in the store and their rows, kept in step: an object is stored once however many
 * creatives and renditions use it, and deleted when the last of them goes.
 */
@Injectable()
export class MediaObjectsService {
  /** Storing and releasing take turns, so a release never deletes bytes an upload just linked to. */
  private turn: Promise<unknown> = Promise.resolve();
  /**
   * Objects stored but not yet referenced by a committed row (an upload between storing and its
   * creative, a job between making a rendition and recording it): release leaves them alone.
   */
  private readonly pinned = new Map<string, number>();

  constructor(
    @InjectRepository(MediaObject) private readonly objects: Repository<MediaObject>,
    @Inject(MediaStorage) private readonly storage: MediaStorage,
  ) {}

  async find(sha256: string): Promise<MediaObject | null> {
    return this.objects.findOne({ where: { sha256 } });
  }

  /** Stores a finished scratch file whose hash is known; the scratch file is gone afterwards. */
  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const result = this.turn.then(work, work);
    this.turn = result.catch(() => undefined);
    return result;
  }

  /** Stores and pins: call unpin() once a committed row references the object, or it failed. */
  storeFile(scratchFile: string, sha256: string, byteSize: number, contentType: string): Promise<StoredObject> {
    return this.exclusive(async () => {
      const stored = await this.storeFileNow(scratchFile, sha256, byteSize, contentType);
      this.pinned.set(sha256, (this.pinned.get(sha256) ?? 0) + 1);
      return stored;
    });
  }

  unpin(shas: Iterable<string>): void {
    for (const sha256 of shas) {
      const count = (this.pinned.get(sha256) ?? 0) - 1;
      if (count > 0) this.pinned.set(sha256, count);
      else this.pinned.delete(sha256);
    }
  }

  private async storeFileNow(
    scratchFile: string,
    sha256: string,
    byteSize: number,
    contentType: string,
  ): Promise<StoredObject> {
    await this.storage.putFile(scratchFile, sha256);
    await this.objects
      .createQueryBuilder()
      .insert()
      .into(MediaObject)
      .values({ sha256, byteSize, contentType })
      .orIgnore()
      .execute();
    return { sha256, byteSize };
  }

  /** Stores and pins, as storeFile. */
  async storeBuffer(data: Buffer, contentType: string): Promise<StoredObject> {
    const sha256 = createHash('sha256').update(data).digest('hex');
    const scratch = join(this.storage.scratchDir, `out-${randomUUID()}`);
    await writeFile(scratch, data);
    try {
      return await this.storeFile(scratch, sha256, data.length, contentType);
    } finally {
      await rm(scratch, { force: true });
    }
  }

  /**
   * Deletes the objects among these that no creative and no rendition uses any more.
   * Called after the transaction that dropped the last reference has committed.
   */
  release(shas: Iterable<string | null>): Promise<void> {
    return this.exclusive(() => this.releaseNow(shas));
  }

  private async releaseNow(shas: Iterable<string | null>): Promise<void> {
    const candidates = [...new Set([...shas].filter((s): s is string => s !== null && !this.pinned.has(s)))];
    if (candidates.length === 0) return;
    const m = this.objects.manager;
    const usedByCreatives = await m
      .getRepository(Creative)
      .find({ select: { sha256: true }, where: { sha256: In(candidates) } });
    const usedByRenditions = await m
      .getRepository(Rendition)
      .find({ select: { sha256: true }, where: { sha256: In(candidates) } });
    const used = new Set([...usedByCreatives.map((c) => c.sha256), ...usedByRenditions.map((r) => r.sha256)]);
    for (const sha256 of candidates.filter((s) => !used.has(s))) {
      const deleted = await m.getRepository(MediaObject).delete({ sha256 });
      // a row already gone means another release got there first; the file went with it
      if ((deleted.affected ?? 0) > 0 || !(await this.exists(m, sha256))) await this.storage.delete(sha256);
    }
  }

  private async exists(m: EntityManager, sha256: string): Promise<boolean> {
    return (await m.getRepository(MediaObject).count({ where: { sha256 } })) > 0;
  }
}
