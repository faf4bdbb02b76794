import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import PQueue from 'p-queue';
import { Repository } from 'typeorm';
import type { CreativeKind } from '@loa/media-plan';
import { APP_CONFIG, type ResolvedConfig } from '../config/config.module.js';
import { ScreenProfilesService } from '../screen-profiles/screen-profiles.service.js';
import { Creative } from './creative.entity.js';
import { CreativeProcessor } from './creative-processor.js';

/**
 * The media job queue: bounded concurrency per tool (sharp for images, niced ffmpeg for clips
 * and audio), so uploads never take the CPU the API and the sockets need. The database is the
 * queue's memory: a creative in "processing" is a pending job, picked up again after a restart.
 * BullMQ workers can take over behind this same enqueue() later.
 */
@Injectable()
export class MediaJobs implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('MediaJobs');
  private readonly queues: Record<'sharp' | 'ffmpeg', PQueue>;
  private readonly pending = new Set<string>();
  /** Asked for again while running: run once more when done (e.g. a profile added mid-encode). */
  private readonly again = new Set<string>();
  private readonly running = new Map<string, AbortController>();
  private stopping = false;

  constructor(
    @Inject(APP_CONFIG) config: ResolvedConfig,
    @InjectRepository(Creative) private readonly creatives: Repository<Creative>,
    private readonly processor: CreativeProcessor,
    profiles: ScreenProfilesService,
  ) {
    this.queues = {
      sharp: new PQueue({ concurrency: config.media.imageConcurrency }),
      ffmpeg: new PQueue({ concurrency: config.media.ffmpegConcurrency }),
    };
    profiles.onChange(() => {
      if (this.stopping) return;
      this.reprocessReady().catch((error: unknown) => {
        if (!this.stopping) this.logger.error(`could not queue new renditions: ${String(error)}`);
      });
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    const unfinished = await this.creatives.find({ select: { id: true, kind: true }, where: { status: 'processing' } });
    if (unfinished.length > 0) this.logger.log(`resuming ${unfinished.length} unfinished media jobs`);
    for (const creative of unfinished) this.enqueue(creative.id, creative.kind);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    for (const queue of Object.values(this.queues)) queue.clear();
    for (const controller of this.running.values()) controller.abort();
    await Promise.all(Object.values(this.queues).map((q) => q.onIdle()));
  }

  enqueue(creativeId: string, kind: CreativeKind): void {
    if (this.stopping) return;
    if (this.running.has(creativeId)) {
      this.again.add(creativeId);
      return;
    }
    if (this.pending.has(creativeId)) return;
    this.pending.add(creativeId);
    const queue = kind === 'image' ? this.queues.sharp : this.queues.ffmpeg;
    void queue.add(async () => {
      this.pending.delete(creativeId);
      const controller = new AbortController();
      this.running.set(creativeId, controller);
      try {
        await this.processor.process(creativeId, controller.signal);
      } catch (error) {
        this.logger.error(`media job for creative ${creativeId} crashed: ${(error as Error).stack ?? String(error)}`);
      } finally {
        this.running.delete(creativeId);
        if (this.again.delete(creativeId)) this.enqueue(creativeId, kind);
      }
    });
  }

  /** Stops a creative's job (it is being deleted); what it made so far is released by the job. */
  cancel(creativeId: string): void {
    this.again.delete(creativeId);
    this.running.get(creativeId)?.abort();
  }

  /** Jobs waiting or running, for tests, the bench and the health page. */
  get size(): number {
    return this.queues.sharp.size + this.queues.sharp.pending + this.queues.ffmpeg.size + this.queues.ffmpeg.pending;
  }

  /** Resolves when no job is waiting or running. */
  async idle(): Promise<void> {
    while (this.size > 0) await Promise.all(Object.values(this.queues).map((q) => q.onIdle()));
  }

  /** Screen profiles changed: ready creatives get renditions for the new set. */
  private async reprocessReady(): Promise<void> {
    const ready = await this.creatives.find({ select: { id: true, kind: true }, where: { status: 'ready' } });
    // they stay "ready" and keep playing what they have while the new renditions are made
    for (const creative of ready) this.enqueue(creative.id, creative.kind);
  }
}
