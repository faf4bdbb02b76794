import { randomUUID } from 'node:crypto';
import { rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, In, QueryFailedError, Repository } from 'typeorm';
import {
  type AudioFormat,
  displayedSize,
  type MediaProbe,
  normaliseAudioArgs,
  planClipRenditions,
  planImageRenditions,
  posterFrameArgs,
  posterFrameSize,
  posterFrameTime,
  remuxClipArgs,
  thumbnailSize,
  transcodeClipArgs,
} from '@loa/media-plan';
import { AuditService } from '../audit/audit.service.js';
import { SYSTEM_CONTEXT } from '../common/request-context.js';
import { FfmpegService, MediaToolError } from '../media/ffmpeg.service.js';
import { type ImageFormat, ImageService } from '../media/image.service.js';
import { MediaStorage } from '../media/media-storage.js';
import { ScreenProfilesService } from '../screen-profiles/screen-profiles.service.js';
import { CreativeEvents } from './creative-events.js';
import { Creative, type FailureReason } from './creative.entity.js';
import { MediaObjectsService, sha256OfFile, type StoredObject } from './media-objects.service.js';
import { failureOf, MediaRefused } from './media-refusal.js';
import { Rendition } from './rendition.entity.js';

/** A rendition to keep or to make: everything but its id and bytes. */
type RenditionSpec = Omit<Rendition, 'id' | 'creativeId' | 'creative' | 'createdAt'>;

/** Renditions with the same identity are the same file: kept as they are when a creative is processed again. */
const identityOf = (r: Pick<Rendition, 'purpose' | 'format' | 'width' | 'height' | 'recipe'>) =>
  `${r.purpose}|${r.format}|${r.width ?? ''}x${r.height ?? ''}|${r.recipe}`;

const IMAGE_MIME: Record<ImageFormat, string> = { webp: 'image/webp', jpeg: 'image/jpeg' };
const AUDIO_OUTPUTS: ReadonlyArray<{ format: AudioFormat; ext: string; mime: string }> = [
  { format: 'aac', ext: 'm4a', mime: 'audio/mp4' },
  { format: 'mp3', ext: 'mp3', mime: 'audio/mpeg' },
];

/** A rendition shorter than this share of its source lost frames to a damaged file. */
const MIN_DURATION_SHARE = 0.9;

class Outputs {
  readonly made: string[] = [];
  readonly scratch: string[] = [];
  private unpinned = false;

  /** Once the renditions are recorded (or given up), the objects made need no pin. */
  unpin(objects: MediaObjectsService): void {
    if (this.unpinned) return;
    this.unpinned = true;
    objects.unpin(this.made);
  }
}

/**
 * Makes the renditions a creative needs for the active screen profiles: posters with sharp,
 * clips and audio with ffmpeg. Idempotent: processing again keeps the renditions still
 * wanted and makes only the missing ones, so a new screen profile costs one rendition each.
 */
@Injectable()
export class CreativeProcessor {
  private readonly logger = new Logger('Media');

  constructor(
    @InjectRepository(Creative) private readonly creatives: Repository<Creative>,
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(MediaStorage) private readonly storage: MediaStorage,
    private readonly objects: MediaObjectsService,
    private readonly ffmpeg: FfmpegService,
    private readonly images: ImageService,
    private readonly profiles: ScreenProfilesService,
    private readonly events: CreativeEvents,
    private readonly audit: AuditService,
  ) {}

  async process(creativeId: string, signal: AbortSignal): Promise<void> {
    const creative = await this.creatives.findOne({ where: { id: creativeId }, relations: { renditions: true } });
    if (!creative || creative.status === 'failed' || !creative.sha256) return;
    const outputs = new Outputs();
    const existing = new Map((creative.renditions ?? []).map((r) => [identityOf(r), r]));
    try {
      const input = await this.storage.localPath(creative.sha256);
      const report = (progress: number, stage: string) => this.progress(creative, progress, stage);
      const specs =
        creative.kind === 'image'
          ? await this.image(creative, input, existing, outputs, report)
          : creative.kind === 'video'
            ? await this.video(creative, input, existing, outputs, report, signal)
            : await this.audio(creative, input, existing, outputs, report, signal);
      signal.throwIfAborted();
      await this.finish(creative, specs, existing, () => outputs.unpin(this.objects));
    } catch (error) {
      outputs.unpin(this.objects);
      await Promise.all(outputs.scratch.map((p) => rm(p, { force: true })));
      if (signal.aborted) {
        // shutting down: the creative stays "processing" and is picked up again at the next start
        await this.objects.release(outputs.made);
        return;
      }
      await this.fail(creative, error, outputs);
    }
  }

  private async image(
    creative: Creative,
    input: string,
    existing: Map<string, Rendition>,
    outputs: Outputs,
    report: (progress: number, stage: string) => void,
  ): Promise<RenditionSpec[]> {
    const source = { width: creative.width ?? 0, height: creative.height ?? 0 };
    const { hasAlpha: flatten } = await this.images.header(input);
    const plans = planImageRenditions(source, await this.profiles.active(), creative.fit, creative.background);
    const recipe = `${creative.fit}:${creative.background}`;
    const wanted: Array<{ spec: Omit<RenditionSpec, 'sha256' | 'byteSize'>; make: () => Promise<Buffer> }> = [];
    for (const plan of plans) {
      for (const format of ['webp', 'jpeg'] as const) {
        wanted.push({
          spec: {
            ...this.blank('display', plan.profiles, format, IMAGE_MIME[format], recipe),
            width: plan.width,
            height: plan.height,
          },
          make: async () => (await this.images.render(input, { ...plan, flatten }, format)).data,
        });
      }
    }
    const thumb = thumbnailSize(source);
    wanted.push({
      spec: { ...this.blank('thumbnail', [], 'webp', 'image/webp', 'inside'), ...thumb },
      make: async () =>
        (await this.images.render(input, { ...thumb, fit: 'inside', background: creative.background, flatten }, 'webp'))
          .data,
    });
    const specs: RenditionSpec[] = [];
    for (const [index, item] of wanted.entries()) {
      const kept = existing.get(identityOf(item.spec));
      if (kept) {
        specs.push({ ...kept, profiles: item.spec.profiles });
        continue;
      }
      const stored = await this.objects.storeBuffer(await item.make(), item.spec.mimeType);
      outputs.made.push(stored.sha256);
      specs.push({ ...item.spec, ...stored });
      report((index + 1) / wanted.length, 'renditions');
    }
    return specs;
  }

  private async video(
    creative: Creative,
    input: string,
    existing: Map<string, Rendition>,
    outputs: Outputs,
    report: (progress: number, stage: string) => void,
    signal: AbortSignal,
  ): Promise<RenditionSpec[]> {
    const probe = await this.ffmpeg.probe(input, signal);
    if (!probe.video) throw new MediaRefused({ reason: 'no_video_stream' });
    const duration = probe.durationSeconds ?? creative.durationSeconds ?? 0;
    const plans = planClipRenditions(probe, await this.profiles.active());
    // a remux costs little next to an encode; weigh the steps so progress moves evenly
    const weights = plans.map((p) => (p.action === 'remux' ? 0.1 : 1));
    const total = weights.reduce((a, b) => a + b, 0) + 0.1;
    let done = 0;
    const specs: RenditionSpec[] = [];
    for (const [index, plan] of plans.entries()) {
      const identity = {
        purpose: 'display' as const,
        format: 'mp4',
        width: plan.width,
        height: plan.height,
        recipe: plan.action,
      };
      const kept = existing.get(identityOf(identity));
      if (kept) {
        specs.push({ ...kept, profiles: [...plan.profiles] });
      } else {
        const { made, track, stored } = await this.encode(
          (scratch) =>
            plan.action === 'remux'
              ? remuxClipArgs(input, scratch)
              : transcodeClipArgs(input, scratch, plan, plan.frameRate),
          { ext: 'mp4', mime: 'video/mp4', stream: 'video', duration },
          outputs,
          signal,
          (f) => report((done + f * weights[index]) / total, `${plan.width}×${plan.height}`),
        );
        const size = displayedSize(track);
        specs.push({
          ...this.blank('display', plan.profiles, 'mp4', 'video/mp4', plan.action),
          ...size,
          durationSeconds: made.durationSeconds,
          videoCodec: track.codec,
          audioCodec: made.audio?.codec ?? null,
          ...stored,
        });
      }
      done += weights[index];
      report(done / total, `${plan.width}×${plan.height}`);
    }

    const posterSize = posterFrameSize(displayedSize(probe.video));
    const posterIdentity = { purpose: 'poster' as const, format: 'jpeg', ...posterSize, recipe: 'frame' };
    let poster = existing.get(identityOf(posterIdentity)) as RenditionSpec | undefined;
    if (!poster) {
      const scratch = this.scratchFile(outputs, 'jpg');
      await this.ffmpeg.run(posterFrameArgs(input, scratch, posterFrameTime(duration), posterSize), { signal });
      const stored = await this.storeScratch(scratch, 'image/jpeg', outputs);
      poster = { ...this.blank('poster', [], 'jpeg', 'image/jpeg', 'frame'), ...posterSize, ...stored };
    }
    specs.push(poster);
    const thumb = thumbnailSize(posterSize);
    const thumbIdentity = { purpose: 'thumbnail' as const, format: 'webp', ...thumb, recipe: 'inside' };
    const keptThumb = existing.get(identityOf(thumbIdentity));
    if (keptThumb) specs.push(keptThumb);
    else {
      const posterPath = await this.storage.localPath(poster.sha256);
      const rendered = await this.images.render(
        posterPath,
        { ...thumb, fit: 'inside', background: '#000000', flatten: false },
        'webp',
      );
      const stored = await this.objects.storeBuffer(rendered.data, 'image/webp');
      outputs.made.push(stored.sha256);
      specs.push({ ...this.blank('thumbnail', [], 'webp', 'image/webp', 'inside'), ...thumb, ...stored });
    }
    return specs;
  }

  private async audio(
    creative: Creative,
    input: string,
    existing: Map<string, Rendition>,
    outputs: Outputs,
    report: (progress: number, stage: string) => void,
    signal: AbortSignal,
  ): Promise<RenditionSpec[]> {
    const duration = creative.durationSeconds ?? 0;
    const specs: RenditionSpec[] = [];
    for (const [index, output] of AUDIO_OUTPUTS.entries()) {
      const identity = { purpose: 'audio' as const, format: output.ext, width: null, height: null, recipe: 'loudnorm' };
      const kept = existing.get(identityOf(identity));
      if (kept) {
        specs.push(kept);
        continue;
      }
      const { made, track, stored } = await this.encode(
        (scratch) => normaliseAudioArgs(input, scratch, output.format),
        { ext: output.ext, mime: output.mime, stream: 'audio', duration },
        outputs,
        signal,
        (f) => report((index + f) / AUDIO_OUTPUTS.length, output.format),
      );
      specs.push({
        ...this.blank('audio', [], output.ext, output.mime, 'loudnorm'),
        durationSeconds: made.durationSeconds,
        audioCodec: track.codec,
        ...stored,
      });
    }
    return specs;
  }

  private blank(
    purpose: Rendition['purpose'],
    profiles: readonly string[],
    format: string,
    mimeType: string,
    recipe: string,
  ): Omit<RenditionSpec, 'sha256' | 'byteSize'> {
    return {
      purpose,
      profiles: [...profiles],
      format,
      mimeType,
      width: null,
      height: null,
      durationSeconds: null,
      videoCodec: null,
      audioCodec: null,
      recipe,
    };
  }

  /**
   * Runs ffmpeg into a scratch file, checks that the output has its stream and (nearly) the
   * source's length, since ffmpeg may succeed on a damaged source and write less, then stores it.
   */
  private async encode<K extends 'video' | 'audio'>(
    args: (output: string) => string[],
    output: { ext: string; mime: string; stream: K; duration: number },
    outputs: Outputs,
    signal: AbortSignal,
    onProgress: (fraction: number) => void,
  ): Promise<{ made: MediaProbe; track: NonNullable<MediaProbe[K]>; stored: StoredObject }> {
    const scratch = this.scratchFile(outputs, output.ext);
    await this.ffmpeg.run(args(scratch), { durationSeconds: output.duration, signal, onProgress });
    const made = await this.ffmpeg.probe(scratch, signal);
    const track = made[output.stream];
    if (!track || (made.durationSeconds ?? 0) < output.duration * MIN_DURATION_SHARE) {
      throw new MediaRefused({ reason: 'unreadable' });
    }
    return { made, track, stored: await this.storeScratch(scratch, output.mime, outputs) };
  }

  private scratchFile(outputs: Outputs, ext: string): string {
    const path = join(this.storage.scratchDir, `render-${randomUUID()}.${ext}`);
    outputs.scratch.push(path);
    return path;
  }

  private async storeScratch(path: string, contentType: string, outputs: Outputs) {
    const [sha256, { size }] = await Promise.all([sha256OfFile(path), stat(path)]);
    const stored = await this.objects.storeFile(path, sha256, size, contentType);
    outputs.made.push(stored.sha256);
    return stored;
  }

  private lastReported = new Map<string, number>();

  /** Progress at most every 2 %, so a long encode does not flood the console or the database. */
  private progress(creative: Creative, progress: number, stage: string): void {
    const last = this.lastReported.get(creative.id) ?? -1;
    if (progress < 1 && progress - last < 0.02) return;
    this.lastReported.set(creative.id, progress);
    this.events.publish(
      { type: 'creative.processing', creativeId: creative.id, progress, stage },
      { organisationPath: creative.organisationPath },
    );
    void this.creatives.update({ id: creative.id, status: 'processing' }, { progress }).catch(() => undefined);
  }

  private async finish(
    creative: Creative,
    specs: RenditionSpec[],
    existing: Map<string, Rendition>,
    recorded: () => void,
  ): Promise<void> {
    const keptIds = new Set(specs.map((s) => (s as Partial<Rendition>).id).filter(Boolean));
    const dropped = [...existing.values()].filter((r) => !keptIds.has(r.id));
    await this.dataSource.transaction(async (manager) => {
      const renditions = manager.getRepository(Rendition);
      if (dropped.length > 0) await renditions.delete(dropped.map((r) => r.id));
      for (const spec of specs) {
        const id = (spec as Partial<Rendition>).id;
        if (id) await renditions.update({ id }, { profiles: spec.profiles });
        else await renditions.insert(renditions.create({ ...spec, creativeId: creative.id }));
      }
      const updated = await manager
        .getRepository(Creative)
        .update(
          { id: creative.id, status: In(['processing', 'ready']) },
          { status: 'ready', progress: 1, failure: null },
        );
      if (!updated.affected) throw new Error('creative changed while processing');
      await this.audit.record(
        SYSTEM_CONTEXT,
        {
          action: 'creative.processed',
          objectType: 'creative',
          objectId: creative.id,
          organisationPath: creative.organisationPath,
          details: { renditions: specs.length, made: specs.filter((s) => !(s as Partial<Rendition>).id).length },
        },
        manager,
      );
    });
    recorded();
    this.lastReported.delete(creative.id);
    await this.objects.release(dropped.map((r) => r.sha256));
    this.events.publish(
      { type: 'creative.ready', creativeId: creative.id },
      { organisationPath: creative.organisationPath },
    );
  }

  private async fail(creative: Creative, error: unknown, outputs: Outputs): Promise<void> {
    if (creative.status === 'ready') {
      // a creative that already plays keeps what it has when new renditions cannot be made
      this.logger.error(`new renditions for creative ${creative.id} failed: ${String(error)}`);
      await this.objects.release(outputs.made);
      return;
    }
    // the machine's trouble (disk full, database gone, ffmpeg killed) is not the file's fault: keep it
    const transient =
      error instanceof QueryFailedError ||
      (error instanceof MediaToolError && /^(killed by|could not start)/.test(error.detail)) ||
      (error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string');
    const failure: FailureReason =
      error instanceof MediaRefused
        ? failureOf(error.refusal)
        : error instanceof MediaToolError
          ? { reason: 'processing_failed', params: { detail: error.detail } }
          : transient
            ? { reason: 'processing_failed', params: { detail: (error as Error).message.slice(0, 300) } }
            : { reason: 'unreadable', params: {} };
    this.logger.warn(`creative ${creative.id} failed: ${error instanceof Error ? error.message : String(error)}`);
    const renditions = await this.dataSource.transaction(async (manager) => {
      const gone = await manager.getRepository(Rendition).find({ where: { creativeId: creative.id } });
      await manager.getRepository(Rendition).delete({ creativeId: creative.id });
      await manager
        .getRepository(Creative)
        .update(
          { id: creative.id },
          { status: 'failed', failure, progress: 0, sha256: transient ? creative.sha256 : null },
        );
      await this.audit.record(
        SYSTEM_CONTEXT,
        {
          action: 'creative.processing_failed',
          objectType: 'creative',
          objectId: creative.id,
          organisationPath: creative.organisationPath,
          details: { reason: failure.reason, ...failure.params },
        },
        manager,
      );
      return gone;
    });
    this.lastReported.delete(creative.id);
    // a refused file leaves nothing behind: its original (unless the failure was the machine's) and all made from it
    await this.objects.release([
      transient ? null : creative.sha256,
      ...outputs.made,
      ...renditions.map((r) => r.sha256),
    ]);
    this.events.publish(
      { type: 'creative.failed', creativeId: creative.id, reason: failure.reason },
      { organisationPath: creative.organisationPath },
    );
  }
}
