import { createWriteStream } from 'node:fs';
import { open, readdir, rm, stat } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { LessThan, Repository } from 'typeorm';
import { checkSize, isRefusal } from '@loa/media-plan';
import { Clock } from '../clock/clock.js';
import { Conflict, Invalid, NotFound } from '../common/errors.js';
import type { AuthenticatedContext } from '../common/request-context.js';
import { APP_CONFIG, type ResolvedConfig } from '../config/config.module.js';
import { MediaStorage } from '../media/media-storage.js';
import { CreativeEvents } from './creative-events.js';
import { CreativeIntakeService } from './creative-intake.service.js';
import type { CreateUploadDto, UploadDto } from './dto/upload.dto.js';
import { classifyHead } from './multipart-receiver.js';
import { headOf, sha256OfFile } from './media-objects.service.js';
import { MediaRefused } from './media-refusal.js';
import { UploadSession } from './upload-session.entity.js';

export interface ContentRange {
  readonly start: number;
  readonly end: number;
  readonly total: number;
}

/** `Content-Range: bytes 0-1048575/1073741824`; null when absent or malformed. */
export function parseContentRange(header: string | undefined): ContentRange | null {
  const match = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(header?.trim() ?? '');
  if (!match) return null;
  const [start, end, total] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (![start, end, total].every(Number.isSafeInteger) || end < start || end >= total) return null;
  return { start, end, total };
}

const HEAD_BYTES = 64 * 1024;
const SWEEP_INTERVAL_MS = 60 * 60 * 1000;
const sessionFile = (scratchDir: string, id: string) => join(scratchDir, `session-${id}`);

/**
 * Resumable uploads for large clips over flaky links: the client announces the file, sends it
 * in chunks with Content-Range, and after any break asks how much arrived and goes on from
 * there. Every byte that reached the disk counts, even from a chunk cut off halfway.
 */
@Injectable()
export class UploadsService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Uploads');
  /** One chunk at a time per upload. */
  private readonly busy = new Set<string>();
  private sweeper: NodeJS.Timeout | undefined;
  private readonly startedAt = Date.now();

  constructor(
    @Inject(APP_CONFIG) private readonly config: ResolvedConfig,
    @InjectRepository(UploadSession) private readonly sessions: Repository<UploadSession>,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(MediaStorage) private readonly storage: MediaStorage,
    private readonly intake: CreativeIntakeService,
    private readonly events: CreativeEvents,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.sweep(true);
    this.sweeper = setInterval(() => void this.sweep(false), SWEEP_INTERVAL_MS);
    this.sweeper.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.sweeper);
  }

  async create(ctx: AuthenticatedContext, dto: CreateUploadDto): Promise<UploadDto> {
    const limits = this.intake.mediaLimits;
    const largest = Math.max(limits.maxClipBytes, limits.maxImageBytes, limits.maxAudioBytes);
    if (dto.byteSize > largest) {
      throw new MediaRefused({ reason: 'too_large', kind: 'video', limitBytes: largest });
    }
    const placement = await this.intake.placement(ctx, dto.organisationId);
    if (dto.notBefore && dto.notAfter && new Date(dto.notAfter) <= new Date(dto.notBefore)) {
      throw new Invalid('creative.validity');
    }
    const session = await this.sessions.save(
      this.sessions.create({
        createdById: ctx.principal.id,
        ...placement,
        fileName: dto.fileName,
        byteSize: dto.byteSize,
        receivedBytes: 0,
        title: dto.title ?? '',
        tags: dto.tags ?? [],
        fit: dto.fit ?? 'contain',
        background: dto.background ?? '#000000',
        notBefore: dto.notBefore ? new Date(dto.notBefore) : null,
        notAfter: dto.notAfter ? new Date(dto.notAfter) : null,
        creativeId: null,
        expiresAt: new Date(this.clock.now().getTime() + this.config.uploadSessionTtlSeconds * 1000),
      }),
    );
    await (await open(sessionFile(this.storage.scratchDir, session.id), 'w')).close();
    return this.toDto(session);
  }

  async get(ctx: AuthenticatedContext, id: string): Promise<UploadDto> {
    return this.toDto(await this.find(ctx, id));
  }

  async cancel(ctx: AuthenticatedContext, id: string): Promise<void> {
    const session = await this.find(ctx, id);
    if (this.busy.has(id)) throw new Conflict('upload.busy');
    await this.discard(session);
  }

  /** Appends one chunk; the last one turns the file into a creative. */
  async append(ctx: AuthenticatedContext, id: string, request: IncomingMessage): Promise<UploadDto> {
    const range = parseContentRange(request.headers['content-range']);
    if (this.busy.has(id)) {
      // a chunk is still being written: this one cannot start where the server will be
      const current = await this.find(ctx, id);
      throw new Conflict('upload.offset_mismatch', { start: range?.start ?? 0, offset: current.receivedBytes });
    }
    this.busy.add(id);
    try {
      // read under the busy mark, so the offset cannot change underneath
      const session = await this.find(ctx, id);
      if (session.creativeId) throw new Conflict('upload.complete');
      const declaredLength = Number(request.headers['content-length'] ?? NaN);
      if (!range || (Number.isFinite(declaredLength) && declaredLength !== range.end - range.start + 1)) {
        throw new Invalid('upload.bad_content_range');
      }
      if (range.total !== session.byteSize) {
        throw new Invalid('upload.size_mismatch', { total: range.total, expected: session.byteSize });
      }
      if (range.start !== session.receivedBytes) {
        throw new Conflict('upload.offset_mismatch', { start: range.start, offset: session.receivedBytes });
      }
      const path = sessionFile(this.storage.scratchDir, id);
      const expected = range.end - range.start + 1;
      const written = await this.writeChunk(request, path, range.start, expected);
      session.receivedBytes = range.start + written;
      await this.sessions.update({ id }, { receivedBytes: session.receivedBytes });
      this.events.publish(
        { type: 'upload.progress', uploadId: id, receivedBytes: session.receivedBytes, byteSize: session.byteSize },
        { userId: session.createdById },
      );
      if (written < expected) throw new Invalid('media.upload_aborted');
      if (range.start === 0 || session.receivedBytes === session.byteSize) await this.checkHead(session, path);
      if (session.receivedBytes === session.byteSize) await this.complete(ctx, session, path);
      return this.toDto(session);
    } finally {
      this.busy.delete(id);
    }
  }

  /** Writes the request body at its offset; returns how many bytes reached the disk. */
  private async writeChunk(request: IncomingMessage, path: string, start: number, expected: number): Promise<number> {
    const out = createWriteStream(path, { flags: 'r+', start });
    let taken = 0;
    async function* upTo(source: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
      for await (const chunk of source) {
        const room = expected - taken;
        if (room <= 0) return;
        const part = chunk.length > room ? chunk.subarray(0, room) : chunk;
        taken += part.length;
        yield part;
      }
    }
    try {
      await pipeline(request, upTo, out);
    } catch (error) {
      // the client went away mid-chunk: what reached the disk counts, it resumes from there
      if (!out.destroyed) out.destroy();
      await new Promise<void>((resolve) => (out.closed ? resolve() : out.once('close', () => resolve())));
      if ((error as NodeJS.ErrnoException).code === 'ENOSPC') throw error;
    }
    // bytes handed to the file but not yet written when the connection broke do not count
    return out.bytesWritten;
  }

  /** The first bytes decide early whether the rest is worth sending. */
  private async checkHead(session: UploadSession, path: string): Promise<void> {
    const head = await headOf(path, Math.min(HEAD_BYTES, session.receivedBytes));
    const complete = session.receivedBytes === session.byteSize;
    if (!complete && head.length < HEAD_BYTES) return;
    const result = await classifyHead(head, complete);
    if (result && isRefusal(result)) {
      await this.discard(session);
      throw new MediaRefused(result);
    }
    if (result) {
      const tooLarge = checkSize(result.kind, session.byteSize, this.intake.mediaLimits);
      if (tooLarge) {
        await this.discard(session);
        throw new MediaRefused(tooLarge);
      }
    }
  }

  private async complete(ctx: AuthenticatedContext, session: UploadSession, path: string): Promise<void> {
    const sha256 = await sha256OfFile(path);
    try {
      const creative = await this.intake.accept(
        ctx,
        {
          scratchPath: path,
          sha256,
          byteSize: session.byteSize,
          originalName: session.fileName,
          accepted: null,
        },
        {
          title: session.title || undefined,
          tags: session.tags,
          fit: session.fit,
          background: session.background,
          notBefore: session.notBefore?.toISOString(),
          notAfter: session.notAfter?.toISOString(),
          organisationId: session.organisationId ?? undefined,
        },
      );
      session.creativeId = creative.id;
      await this.sessions.update({ id: session.id }, { creativeId: creative.id });
    } catch (error) {
      // a refused file is gone (intake deleted it); so is the upload
      await this.sessions.delete({ id: session.id });
      throw error;
    }
  }

  private async find(ctx: AuthenticatedContext, id: string): Promise<UploadSession> {
    const session = await this.sessions.findOne({ where: { id, createdById: ctx.principal.id } });
    if (!session || session.expiresAt <= this.clock.now()) throw new NotFound('upload', id);
    return session;
  }

  private async discard(session: UploadSession): Promise<void> {
    await this.sessions.delete({ id: session.id });
    await rm(sessionFile(this.storage.scratchDir, session.id), { force: true });
  }

  /**
   * Deletes expired uploads; at start-up also scratch files no live upload owns (left by a
   * crash mid-upload or mid-encode).
   */
  private async sweep(atStart: boolean): Promise<void> {
    try {
      const expired = await this.sessions.find({ where: { expiresAt: LessThan(this.clock.now()) } });
      for (const session of expired) await this.discard(session);
      if (!atStart) return;
      const live = new Set((await this.sessions.find({ select: { id: true } })).map((s) => `session-${s.id}`));
      for (const name of await readdir(this.storage.scratchDir)) {
        const path = join(this.storage.scratchDir, name);
        const info = await stat(path);
        // jobs resumed at start may already be writing their outputs here
        if (!live.has(name) && info.isFile() && info.mtimeMs < this.startedAt) await rm(path, { force: true });
      }
    } catch (error) {
      this.logger.warn(`sweeping uploads failed: ${(error as Error).message}`);
    }
  }

  private toDto(session: UploadSession): UploadDto {
    return {
      id: session.id,
      fileName: session.fileName,
      byteSize: session.byteSize,
      offset: session.receivedBytes,
      expiresAt: session.expiresAt,
      creativeId: session.creativeId,
      url: `/api/uploads/${session.id}`,
    };
  }
}
