import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { fileTypeFromFile } from 'file-type';
import {
  type Accepted,
  checkImageHeader,
  checkProbe,
  checkSize,
  classifyUpload,
  displayedSize,
  isRefusal,
  type MediaLimits,
} from '@loa/media-plan';
import { rm } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { AuditService } from '../audit/audit.service.js';
import { Invalid } from '../common/errors.js';
import type { AuthenticatedContext } from '../common/request-context.js';
import { APP_CONFIG, type ResolvedConfig } from '../config/config.module.js';
import { createValidationPipe } from '../common/validation.js';
import { FfmpegService, MediaToolError } from '../media/ffmpeg.service.js';
import { MediaStorage } from '../media/media-storage.js';
import { ImageService } from '../media/image.service.js';
import { Organisation } from '../organisations/organisation.entity.js';
import { OrganisationsService } from '../organisations/organisations.service.js';
import { Creative } from './creative.entity.js';
import { CreativeFieldsDto } from './dto/creative.dto.js';
import { receiveMultipart } from './multipart-receiver.js';
import { MediaJobs } from './media-jobs.js';
import { headOf, MediaObjectsService } from './media-objects.service.js';
import { MediaRefused } from './media-refusal.js';

/** A complete file in scratch space, with its hash. */
export interface IncomingFile {
  readonly scratchPath: string;
  readonly sha256: string;
  readonly byteSize: number;
  readonly originalName: string;
  readonly accepted: Accepted | null;
}

/** What the checks learnt, kept on the creative. */
interface Examined {
  readonly accepted: Accepted;
  readonly width: number | null;
  readonly height: number | null;
  readonly durationSeconds: number | null;
  readonly videoCodec: string | null;
  readonly audioCodec: string | null;
}

const FIELDS_PIPE = createValidationPipe();

export function mediaLimitsOf(config: ResolvedConfig): MediaLimits {
  return {
    maxImageBytes: config.uploadLimits.imageBytes,
    maxClipBytes: config.uploadLimits.clipBytes,
    maxAudioBytes: config.uploadLimits.audioBytes,
    maxImagePixels: config.media.maxImagePixels,
    maxDurationSeconds: config.media.maxDurationSeconds,
  };
}

/**
 * Turns an uploaded file into a creative: checks it by its content (magic bytes, image
 * header, ffprobe), stores it once by hash, records it as a draft and queues processing.
 * A refused file is deleted before the refusal is answered.
 */
@Injectable()
export class CreativeIntakeService {
  private readonly limits: MediaLimits;

  constructor(
    @Inject(APP_CONFIG) config: ResolvedConfig,
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly organisations: OrganisationsService,
    private readonly objects: MediaObjectsService,
    private readonly ffmpeg: FfmpegService,
    private readonly images: ImageService,
    private readonly jobs: MediaJobs,
    private readonly audit: AuditService,
    @Inject(MediaStorage) private readonly storage: MediaStorage,
  ) {
    this.limits = mediaLimitsOf(config);
  }

  get mediaLimits(): MediaLimits {
    return this.limits;
  }

  /** Where a new creative will belong, checked before any byte is kept. */
  async placement(
    ctx: AuthenticatedContext,
    organisationId: string | undefined,
  ): Promise<{ organisationId: string; organisationPath: string }> {
    const id = organisationId ?? ctx.principal.organisationId;
    if (!id) throw new Invalid('creative.organisation_required');
    const organisation: Organisation = await this.organisations.get(ctx, id);
    return { organisationId: organisation.id, organisationPath: organisation.path };
  }

  async accept(ctx: AuthenticatedContext, file: IncomingFile, fields: CreativeFieldsDto): Promise<Creative> {
    let examined: Examined;
    let placement: { organisationId: string; organisationPath: string };
    try {
      placement = await this.placement(ctx, fields.organisationId);
      examined = await this.examine(file);
    } catch (error) {
      await rm(file.scratchPath, { force: true });
      throw error;
    }
    const notBefore = fields.notBefore ? new Date(fields.notBefore) : null;
    const notAfter = fields.notAfter ? new Date(fields.notAfter) : null;
    if (notBefore && notAfter && notAfter <= notBefore) {
      await rm(file.scratchPath, { force: true });
      throw new Invalid('creative.validity');
    }
    await this.objects.storeFile(file.scratchPath, file.sha256, file.byteSize, examined.accepted.mime);
    let creative: Creative;
    try {
      creative = await this.dataSource.transaction(async (manager) => {
        const repository = manager.getRepository(Creative);
        const saved = await repository.save(
          repository.create({
            ...placement,
            title: fields.title ?? titleFromFileName(file.originalName),
            tags: fields.tags ?? [],
            kind: examined.accepted.kind,
            status: 'processing',
            failure: null,
            progress: 0,
            review: 'draft',
            rejectionReason: null,
            fit: fields.fit ?? 'contain',
            background: (fields.background ?? '#000000').toLowerCase(),
            notBefore,
            notAfter,
            sha256: file.sha256,
            originalName: file.originalName,
            format: examined.accepted.format,
            mimeType: examined.accepted.mime,
            byteSize: file.byteSize,
            width: examined.width,
            height: examined.height,
            durationSeconds: examined.durationSeconds,
            videoCodec: examined.videoCodec,
            audioCodec: examined.audioCodec,
            createdById: ctx.principal.id,
            submittedById: null,
            reviewedById: null,
            reviewedAt: null,
          }),
        );
        await this.audit.record(
          ctx,
          {
            action: 'creative.uploaded',
            objectType: 'creative',
            objectId: saved.id,
            organisationPath: saved.organisationPath,
            details: { title: saved.title, kind: saved.kind, byteSize: saved.byteSize, sha256: saved.sha256 },
          },
          manager,
        );
        return saved;
      });
    } catch (error) {
      this.objects.unpin([file.sha256]);
      await this.objects.release([file.sha256]);
      throw error;
    }
    this.objects.unpin([file.sha256]);
    this.jobs.enqueue(creative.id, creative.kind);
    return creative;
  }

  /** POST /api/creatives: the file streamed to scratch space, then checked and accepted. */
  async acceptMultipart(ctx: AuthenticatedContext, request: IncomingMessage): Promise<Creative> {
    const form = await receiveMultipart(request, this.storage.scratchDir, this.limits);
    let fields: CreativeFieldsDto;
    try {
      fields = (await FIELDS_PIPE.transform(form.fields, {
        type: 'body',
        metatype: CreativeFieldsDto,
      })) as CreativeFieldsDto;
    } catch (error) {
      await rm(form.file.scratchPath, { force: true });
      throw error;
    }
    return this.accept(ctx, form.file, fields);
  }

  private async examine(file: IncomingFile): Promise<Examined> {
    const accepted = file.accepted ?? (await this.classify(file));
    const sizeProblem = checkSize(accepted.kind, file.byteSize, this.limits);
    if (sizeProblem) throw new MediaRefused(sizeProblem);
    if (accepted.kind === 'image') {
      const header = await this.images.header(file.scratchPath).catch(() => {
        throw new MediaRefused({ reason: 'unreadable' });
      });
      const problem = checkImageHeader(header, this.limits);
      if (problem) throw new MediaRefused(problem);
      return {
        accepted,
        width: header.displayedWidth,
        height: header.displayedHeight,
        durationSeconds: null,
        videoCodec: null,
        audioCodec: null,
      };
    }
    const probe = await this.ffmpeg.probe(file.scratchPath).catch((error: unknown) => {
      if (error instanceof MediaToolError) throw new MediaRefused({ reason: 'unreadable' });
      throw error;
    });
    const problem = checkProbe(accepted.kind, probe, this.limits);
    if (problem) throw new MediaRefused(problem);
    const size = probe.video ? displayedSize(probe.video) : null;
    return {
      accepted,
      width: size?.width ?? null,
      height: size?.height ?? null,
      durationSeconds: probe.durationSeconds,
      videoCodec: probe.video?.codec ?? null,
      audioCodec: probe.audio?.codec ?? null,
    };
  }

  private async classify(file: IncomingFile): Promise<Accepted> {
    if (file.byteSize === 0) throw new MediaRefused({ reason: 'empty' });
    const result = classifyUpload(await fileTypeFromFile(file.scratchPath), await headOf(file.scratchPath, 4096));
    if (isRefusal(result)) throw new MediaRefused(result);
    return result;
  }
}

/** "bluezone_poster-ngang.jpg" → "bluezone poster-ngang" */
export function titleFromFileName(name: string): string {
  const base = name
    .replace(/\.[^.]{1,8}$/, '')
    .replace(/_+/g, ' ')
    .trim();
  return (base || 'Không tên').slice(0, 200);
}
