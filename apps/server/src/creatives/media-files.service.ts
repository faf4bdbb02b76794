import { Inject, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { NotFound } from '../common/errors.js';
import { type ByteRange, isSha256, MediaStorage } from '../media/media-storage.js';
import { MediaObjectsService } from './media-objects.service.js';

/** The bytes at an address never change, so caches and players may keep them for good. */
const IMMUTABLE = 'public, max-age=31536000, immutable';

export type RangeAnswer = { kind: 'full' } | { kind: 'partial'; range: ByteRange } | { kind: 'unsatisfiable' };

/**
 * One byte range of a `Range: bytes=…` header (RFC 9110 §14). Several ranges are answered
 * with the whole file, which the RFC allows and players never ask for.
 */
export function parseRange(header: string | undefined, size: number): RangeAnswer {
  if (!header) return { kind: 'full' };
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match || (match[1] === '' && match[2] === '')) return { kind: 'full' };
  let start: number;
  let end: number;
  if (match[1] === '') {
    const suffix = Number(match[2]);
    if (suffix === 0) return { kind: 'unsatisfiable' };
    start = Math.max(0, size - suffix);
    end = size - 1;
  } else {
    start = Number(match[1]);
    end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
    if (match[2] !== '' && Number(match[2]) < start) return { kind: 'full' };
  }
  if (start >= size || size === 0) return { kind: 'unsatisfiable' };
  return { kind: 'partial', range: { start, end } };
}

function etagMatches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.split(',').some((tag) => {
    const t = tag.trim();
    return t === '*' || t === etag || t === `W/${etag}`;
  });
}

/** Serves stored media by hash with its type, a strong ETag, immutable caching and byte ranges. */
@Injectable()
export class MediaFilesService {
  constructor(
    private readonly objects: MediaObjectsService,
    @Inject(MediaStorage) private readonly storage: MediaStorage,
  ) {}

  async serve(sha256: string, request: Request, response: Response): Promise<void> {
    const object = isSha256(sha256) ? await this.objects.find(sha256) : null;
    // the row and the bytes go together, but a release may fall between reading one and the other
    if (!object || !(await this.storage.has(sha256))) throw new NotFound('media_object', sha256);
    const etag = `"${object.sha256}"`;
    response.setHeader('ETag', etag);
    response.setHeader('Cache-Control', IMMUTABLE);
    response.setHeader('Accept-Ranges', 'bytes');
    response.setHeader('Content-Type', object.contentType);
    response.setHeader('X-Content-Type-Options', 'nosniff');
    if (etagMatches(request.headers['if-none-match'], etag)) {
      response.status(304).end();
      return;
    }
    const ifRange = request.headers['if-range'];
    const answer: RangeAnswer =
      ifRange !== undefined && ifRange !== etag ? { kind: 'full' } : parseRange(request.headers.range, object.byteSize);
    if (answer.kind === 'unsatisfiable') {
      response.setHeader('Content-Range', `bytes */${object.byteSize}`);
      response.status(416).end();
      return;
    }
    const range = answer.kind === 'partial' ? answer.range : undefined;
    if (range) {
      response.status(206);
      response.setHeader('Content-Range', `bytes ${range.start}-${range.end}/${object.byteSize}`);
    } else response.status(200);
    response.setHeader('Content-Length', String(range ? range.end - range.start + 1 : object.byteSize));
    if (request.method === 'HEAD') {
      response.end();
      return;
    }
    const stream = this.storage.read(sha256, range);
    await new Promise<void>((resolve) => {
      stream.on('error', () => {
        // headers are gone already; cutting the connection tells the client the body is incomplete
        response.destroy();
        resolve();
      });
      response.on('close', () => {
        stream.destroy();
        resolve();
      });
      stream.pipe(response);
    });
  }
}
