import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, type EntityManager, Repository } from 'typeorm';
import { type Language, say } from '@loa/i18n';
import { AuditService } from '../audit/audit.service.js';
import { Clock } from '../clock/clock.js';
import { Conflict, Forbidden, Invalid, NotFound } from '../common/errors.js';
import { containsPattern } from '../common/like.js';
import { type Page, pageOf } from '../common/pagination.js';
import type { AuthenticatedContext } from '../common/request-context.js';
import { whereInScope } from '../common/scope-query.js';
import { CreativeEvents } from './creative-events.js';
import { CreativeUsages } from './creative-usages.js';
import { Creative, type ReviewState } from './creative.entity.js';
import type { CreativeDto, CreativeQueryDto, RenditionDto, UpdateCreativeDto } from './dto/creative.dto.js';
import { MediaJobs } from './media-jobs.js';
import { MediaObjectsService } from './media-objects.service.js';
import { failureMessageKey } from './media-refusal.js';
import { Rendition } from './rendition.entity.js';

export const mediaUrl = (sha256: string): string => `/media/${sha256}`;

type ReviewAction = 'submitted' | 'approved' | 'rejected';

/** Which review states each action starts from. */
const ALLOWED_FROM: Record<ReviewAction, readonly ReviewState[]> = {
  submitted: ['draft', 'rejected'],
  approved: ['submitted'],
  // an approval can be withdrawn: rejecting an approved creative takes it off the schedule
  rejected: ['submitted', 'approved'],
};

/**
 * The media library as people use it: find, describe, review and delete creatives. Review
 * rule: administrators and communications staff of the creative's organisation or above
 * approve; communications staff never approve what they submitted themselves.
 */
@Injectable()
export class CreativesService {
  constructor(
    @InjectRepository(Creative) private readonly creatives: Repository<Creative>,
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(Clock) private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly objects: MediaObjectsService,
    private readonly jobs: MediaJobs,
    private readonly usages: CreativeUsages,
    private readonly events: CreativeEvents,
  ) {}

  async list(ctx: AuthenticatedContext, query: CreativeQueryDto): Promise<Page<CreativeDto>> {
    const q = whereInScope(
      this.creatives.createQueryBuilder('creative'),
      'creative.organisationPath',
      ctx.principal.scope,
    );
    if (query.kind) q.andWhere('creative.kind = :kind', { kind: query.kind });
    if (query.status) q.andWhere('creative.status = :status', { status: query.status });
    if (query.review) q.andWhere('creative.review = :review', { review: query.review });
    // tags are stored as a JSON list; the quotes make "covid" not match "covid-19"
    if (query.tag) {
      q.andWhere("LOWER(creative.tags) LIKE :tag ESCAPE '\\'", { tag: containsPattern(JSON.stringify(query.tag)) });
    }
    if (query.q) q.andWhere("LOWER(creative.title) LIKE :q ESCAPE '\\'", { q: containsPattern(query.q) });
    const [items, total] = await q
      .leftJoinAndSelect('creative.renditions', 'rendition')
      .orderBy('creative.createdAt', 'DESC')
      .addOrderBy('creative.id', 'DESC')
      .skip((query.page - 1) * query.pageSize)
      .take(query.pageSize)
      .getManyAndCount();
    return pageOf(
      items.map((c) => this.toDto(c, ctx.language)),
      total,
      query,
    );
  }

  async get(ctx: AuthenticatedContext, id: string): Promise<CreativeDto> {
    return this.toDto(await this.find(ctx, id, undefined, true), ctx.language);
  }

  /** The creative if the caller may see it; otherwise it does not exist for them. */
  private async find(
    ctx: AuthenticatedContext,
    id: string,
    manager?: EntityManager,
    withRenditions = false,
  ): Promise<Creative> {
    const repository = manager ? manager.getRepository(Creative) : this.creatives;
    const q = repository.createQueryBuilder('creative').where('creative.id = :id', { id });
    if (withRenditions) q.leftJoinAndSelect('creative.renditions', 'rendition');
    const found = await whereInScope(q, 'creative.organisationPath', ctx.principal.scope).getOne();
    if (!found) throw new NotFound('creative', id);
    return found;
  }

  async update(ctx: AuthenticatedContext, id: string, dto: UpdateCreativeDto): Promise<CreativeDto> {
    const { creative, rerender } = await this.dataSource.transaction(async (manager) => {
      const found = await this.find(ctx, id, manager);
      const changes: Record<string, { from: unknown; to: unknown }> = {};
      const change = <K extends keyof Creative>(key: K, value: Creative[K] | undefined, same = Object.is) => {
        if (value === undefined || same(found[key], value)) return;
        changes[key] = { from: found[key], to: value };
        found[key] = value;
      };
      const sameList = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
      const sameTime = (a: unknown, b: unknown) => (a as Date | null)?.getTime() === (b as Date | null)?.getTime();
      change('title', dto.title);
      change('tags', dto.tags, sameList);
      change('fit', dto.fit);
      change('background', dto.background?.toLowerCase());
      const instant = (v: string | null | undefined) => (v === undefined ? undefined : v === null ? null : new Date(v));
      change('notBefore', instant(dto.notBefore), sameTime);
      change('notAfter', instant(dto.notAfter), sameTime);
      if (found.notBefore && found.notAfter && found.notAfter <= found.notBefore)
        throw new Invalid('creative.validity');
      if (Object.keys(changes).length === 0) return { creative: found, rerender: false };
      // what was approved is no longer what would play: it goes back to review
      const returned = found.review === 'approved';
      if (returned) {
        found.review = 'submitted';
        found.reviewedById = null;
        found.reviewedAt = null;
      }
      // whoever last changed what is up for review counts as its submitter: they cannot approve it
      if (found.review === 'submitted') found.submittedById = ctx.principal.id;
      const saved = await manager.getRepository(Creative).save(found);
      await this.audit.record(
        ctx,
        {
          action: returned ? 'creative.returned_for_review' : 'creative.updated',
          objectType: 'creative',
          objectId: id,
          organisationPath: saved.organisationPath,
          details: changes,
        },
        manager,
      );
      const rerender = saved.kind === 'image' && ('fit' in changes || 'background' in changes);
      return { creative: saved, rerender };
    });
    if (rerender && creative.status !== 'failed') this.jobs.enqueue(creative.id, creative.kind);
    if (creative.review === 'submitted') this.publishReview(creative);
    return this.get(ctx, id);
  }

  async review(ctx: AuthenticatedContext, id: string, action: ReviewAction, reason?: string): Promise<CreativeDto> {
    const creative = await this.dataSource.transaction(async (manager) => {
      const found = await this.find(ctx, id, manager);
      if (!ALLOWED_FROM[action].includes(found.review)) {
        throw new Conflict('creative.bad_transition', { from: `review.${found.review}`, action: `action.${action}` });
      }
      if (action !== 'rejected' && found.status !== 'ready') throw new Conflict('creative.not_ready');
      if (action === 'approved' && ctx.principal.role !== 'admin' && found.submittedById === ctx.principal.id) {
        throw new Forbidden('creative.own_submission');
      }
      const from = found.review;
      found.review = action;
      if (action === 'submitted') {
        found.submittedById = ctx.principal.id;
        found.rejectionReason = null;
        found.reviewedById = null;
        found.reviewedAt = null;
      } else {
        found.reviewedById = ctx.principal.id;
        found.reviewedAt = this.clock.now();
        found.rejectionReason = action === 'rejected' ? (reason ?? null) : null;
      }
      const saved = await manager.getRepository(Creative).save(found);
      await this.audit.record(
        ctx,
        {
          action: `creative.${action}`,
          objectType: 'creative',
          objectId: id,
          organisationPath: saved.organisationPath,
          details: { from, to: action, ...(reason ? { reason } : {}) },
        },
        manager,
      );
      return saved;
    });
    this.publishReview(creative);
    return this.get(ctx, id);
  }

  async remove(ctx: AuthenticatedContext, id: string): Promise<void> {
    const creative = await this.find(ctx, id);
    const uses = await this.usages.of(id);
    if (uses.length > 0) {
      throw new Conflict('creative.in_use', { uses: uses.map((u) => `${u.kind} “${u.name}”`).join(', ') });
    }
    this.jobs.cancel(id);
    const renditions = await this.dataSource.transaction(async (manager) => {
      const gone = await manager.getRepository(Rendition).find({ where: { creativeId: id } });
      await manager.getRepository(Rendition).delete({ creativeId: id });
      await manager.getRepository(Creative).delete({ id });
      await this.audit.record(
        ctx,
        {
          action: 'creative.deleted',
          objectType: 'creative',
          objectId: id,
          organisationPath: creative.organisationPath,
          details: { title: creative.title, kind: creative.kind, sha256: creative.sha256 },
        },
        manager,
      );
      return gone;
    });
    // bytes another creative shares (the same upload twice, an identical rendition) stay
    await this.objects.release([creative.sha256, ...renditions.map((r) => r.sha256)]);
  }

  private publishReview(creative: Creative): void {
    this.events.publish(
      { type: 'creative.review', creativeId: creative.id, review: creative.review },
      { organisationPath: creative.organisationPath },
    );
  }

  toDto(creative: Creative, language: Language): CreativeDto {
    const renditions = [...(creative.renditions ?? [])].sort(
      (a, b) =>
        a.purpose.localeCompare(b.purpose) || (b.width ?? 0) - (a.width ?? 0) || a.format.localeCompare(b.format),
    );
    const now = this.clock.now();
    const of = (purpose: Rendition['purpose']) => renditions.find((r) => r.purpose === purpose);
    const thumbnail = of('thumbnail');
    const poster = of('poster');
    return {
      id: creative.id,
      title: creative.title,
      tags: creative.tags,
      kind: creative.kind,
      status: creative.status,
      progress: creative.progress,
      failure: creative.failure
        ? {
            reason: creative.failure.reason,
            message: say(language, failureMessageKey(creative.failure), creative.failure.params),
          }
        : null,
      review: creative.review,
      rejectionReason: creative.rejectionReason,
      schedulable:
        creative.status === 'ready' &&
        creative.review === 'approved' &&
        (!creative.notBefore || creative.notBefore <= now) &&
        (!creative.notAfter || creative.notAfter > now),
      fit: creative.fit,
      background: creative.background,
      notBefore: creative.notBefore,
      notAfter: creative.notAfter,
      organisationId: creative.organisationId,
      originalName: creative.originalName,
      format: creative.format,
      mimeType: creative.mimeType,
      byteSize: creative.byteSize,
      sha256: creative.sha256,
      width: creative.width,
      height: creative.height,
      durationSeconds: creative.durationSeconds,
      videoCodec: creative.videoCodec,
      audioCodec: creative.audioCodec,
      originalUrl: creative.sha256 ? mediaUrl(creative.sha256) : null,
      thumbnailUrl: thumbnail ? mediaUrl(thumbnail.sha256) : null,
      posterUrl: poster ? mediaUrl(poster.sha256) : null,
      renditions: renditions.map(toRenditionDto),
      createdById: creative.createdById,
      submittedById: creative.submittedById,
      reviewedById: creative.reviewedById,
      reviewedAt: creative.reviewedAt,
      createdAt: creative.createdAt,
      updatedAt: creative.updatedAt,
    };
  }
}

function toRenditionDto(r: Rendition): RenditionDto {
  return {
    id: r.id,
    purpose: r.purpose,
    profiles: r.profiles,
    format: r.format,
    mimeType: r.mimeType,
    width: r.width,
    height: r.height,
    durationSeconds: r.durationSeconds,
    videoCodec: r.videoCodec,
    audioCodec: r.audioCodec,
    byteSize: r.byteSize,
    sha256: r.sha256,
    url: mediaUrl(r.sha256),
  };
}
