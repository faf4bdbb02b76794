import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import busboy from 'busboy';
import type { Readable } from 'node:stream';
import { fileTypeFromBuffer } from 'file-type';
import { type Accepted, byteLimitOf, classifyUpload, isRefusal, type MediaLimits, type Refusal } from '@loa/media-plan';
import { DomainError, Invalid } from '../common/errors.js';
import { MediaRefused } from './media-refusal.js';

/** A file received whole into scratch space, hashed on the way in. */
export interface ReceivedFile {
  readonly scratchPath: string;
  readonly sha256: string;
  readonly byteSize: number;
  readonly originalName: string;
  /** Known early when the first bytes are conclusive; otherwise decided from the whole file. */
  readonly accepted: Accepted | null;
}

export interface ReceivedForm {
  readonly file: ReceivedFile;
  readonly fields: Record<string, string | string[]>;
}

/** Enough for every signature file-type knows except tags it must skip (a large ID3 cover). */
const HEAD_BYTES = 64 * 1024;

/** Classifies from the first bytes when they are conclusive, so a refusal comes before the rest is sent. */
export async function classifyHead(head: Buffer, complete: boolean): Promise<Accepted | Refusal | null> {
  const detected = await fileTypeFromBuffer(head);
  // nothing recognised in a partial head may just be a long tag before the signature: decide at the end
  if (!detected && !complete) return null;
  return classifyUpload(detected, head);
}

class UploadAborted extends Invalid {
  constructor() {
    super('media.upload_aborted');
  }
}

/**
 * Streams one multipart file to disk (never the whole file in memory), hashing it and
 * enforcing the size limit of its kind as soon as the kind is known. Any failure leaves
 * nothing behind.
 */
export function receiveMultipart(
  request: IncomingMessage,
  scratchDir: string,
  limits: MediaLimits,
  onProgress?: (receivedBytes: number) => void,
): Promise<ReceivedForm> {
  const maxBytes = Math.max(limits.maxImageBytes, limits.maxClipBytes, limits.maxAudioBytes);
  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: request.headers,
      defParamCharset: 'utf8',
      limits: { files: 1, fields: 32, fieldSize: 16 * 1024, parts: 40, fileSize: maxBytes + 1 },
    });
  } catch {
    return Promise.reject(new Invalid('media.not_multipart'));
  }

  const fields: Record<string, string | string[]> = {};
  const scratchPaths: string[] = [];
  let filePromise: Promise<ReceivedFile> | null = null;
  let fileStream: Readable | null = null;
  let extraFiles = 0;

  /** Stops reading, ends the file's write (closing its descriptor), then deletes what was written. */
  const cleanUp = async () => {
    request.unpipe(parser);
    request.resume();
    fileStream?.destroy();
    parser.destroy();
    await filePromise?.catch(() => undefined);
    await Promise.all(scratchPaths.map((p) => rm(p, { force: true })));
  };

  return new Promise<ReceivedForm>((resolve, reject) => {
    let settled = false;
    const fail = (error: unknown) => {
      if (settled) return;
      settled = true;
      void cleanUp().then(() => reject(error instanceof DomainError ? error : new UploadAborted()));
    };

    parser.on('field', (name, value) => {
      const existing = fields[name];
      fields[name] = existing === undefined ? value : ([] as string[]).concat(existing, value);
    });
    parser.on('file', (name, stream, info) => {
      if (name !== 'file' || filePromise) {
        extraFiles += name === 'file' ? 1 : 0;
        stream.resume();
        return;
      }
      const scratchPath = join(scratchDir, `upload-${randomUUID()}`);
      scratchPaths.push(scratchPath);
      fileStream = stream;
      filePromise = writeFile(stream, scratchPath, info.filename ?? 'upload', limits, maxBytes, onProgress);
      filePromise.catch(fail);
    });
    parser.on('error', fail);
    request.on('aborted', () => fail(new UploadAborted()));
    request.on('error', fail);
    parser.on('close', () => {
      if (settled) return;
      if (!filePromise) return fail(new Invalid('media.missing_file'));
      if (extraFiles > 0) return fail(new Invalid('media.too_many_files'));
      filePromise.then((file) => {
        if (settled) return;
        settled = true;
        resolve({ file, fields });
      }, fail);
    });
    request.pipe(parser);
  });
}

async function writeFile(
  stream: Readable & { truncated?: boolean },
  scratchPath: string,
  originalName: string,
  limits: MediaLimits,
  maxBytes: number,
  onProgress?: (receivedBytes: number) => void,
): Promise<ReceivedFile> {
  const out = createWriteStream(scratchPath);
  const hash = createHash('sha256');
  const headChunks: Buffer[] = [];
  let headLength = 0;
  let byteSize = 0;
  let accepted: Accepted | null = null;
  let decided = false;
  let limit = maxBytes;
  // checks each chunk on its way to disk; pipeline carries backpressure and write errors
  async function* checked(source: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
    for await (const chunk of source) {
      byteSize += chunk.length;
      if (byteSize > limit) {
        throw new MediaRefused({ reason: 'too_large', kind: accepted?.kind ?? 'video', limitBytes: limit });
      }
      hash.update(chunk);
      if (!decided && headLength < HEAD_BYTES) {
        headChunks.push(chunk);
        headLength += chunk.length;
      }
      if (!decided && headLength >= HEAD_BYTES) {
        const early = await classifyHead(Buffer.concat(headChunks), false);
        // undecided (null) is settled from the whole file once it is in
        decided = true;
        if (early && isRefusal(early)) throw new MediaRefused(early);
        if (early) {
          accepted = early;
          limit = byteLimitOf(early.kind, limits);
          if (byteSize > limit) throw new MediaRefused({ reason: 'too_large', kind: early.kind, limitBytes: limit });
        }
        headChunks.length = 0;
      }
      yield chunk;
      onProgress?.(byteSize);
    }
  }
  try {
    await pipeline(stream, checked, out);
    if (stream.truncated) {
      throw new MediaRefused({
        reason: 'too_large',
        kind: (accepted as Accepted | null)?.kind ?? 'video',
        limitBytes: limit,
      });
    }
    return { scratchPath, sha256: hash.digest('hex'), byteSize, originalName: originalName.slice(0, 255), accepted };
  } catch (error) {
    out.destroy();
    stream.resume();
    await rm(scratchPath, { force: true });
    throw error;
  }
}
