import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type EntityManager, Repository } from 'typeorm';
import { Clock } from '../clock/clock.js';
import { NotFound } from '../common/errors.js';
import { type Page, pageOf } from '../common/pagination.js';
import type { AuthenticatedContext, RequestContext } from '../common/request-context.js';
import { whereInScope } from '../common/scope-query.js';
import { AuditEntry } from './audit-entry.entity.js';
import type { AuditQueryDto } from './dto/audit-query.dto.js';

/** Actions Loa records. Later features add theirs here, so the audit filter can list them. */
export const AUDIT_ACTIONS = [
  'auth.login',
  'auth.login_failed',
  'auth.logout',
  'auth.password_changed',
  'auth.refresh_reuse_detected',
  'user.created',
  'user.updated',
  'user.password_reset',
  'user.bootstrap_admin_created',
  'organisation.created',
  'organisation.updated',
  'organisation.moved',
  'organisation.deleted',
  'creative.uploaded',
  'creative.updated',
  'creative.submitted',
  'creative.approved',
  'creative.rejected',
  'creative.returned_for_review',
  'creative.deleted',
  'creative.processed',
  'creative.processing_failed',
  'screen_profile.created',
  'screen_profile.updated',
  'screen.created',
  'screen.updated',
  'screen.deleted',
  'screen.paired',
  'screen.device_revoked',
  'screen.command',
  'screen_group.created',
  'screen_group.updated',
  'screen_group.deleted',
  'playlist_entry.created',
  'playlist_entry.deleted',
  'campaign.created',
  'campaign.updated',
  'campaign.deleted',
  'donation.created',
  'donation.withdrawn',
  'emergency.triggered',
  'emergency.cancelled',
  'loop_policy.updated',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface AuditRecord {
  action: AuditAction;
  objectType:
    | 'user'
    | 'organisation'
    | 'session'
    | 'creative'
    | 'screen_profile'
    | 'screen'
    | 'screen_group'
    | 'playlist_entry'
    | 'campaign'
    | 'donation'
    | 'emergency'
    | 'loop_policy';
  objectId: string | null;
  /** Path of the organisation the object lives in; null for objects outside the tree. */
  organisationPath: string | null;
  details?: Record<string, unknown>;
  /** Who acted, when it is not the signed-in principal (e.g. a failed login names the email tried). */
  actor?: { id: string | null; email: string | null };
}

@Injectable()
export class AuditService {
  constructor(
    @InjectRepository(AuditEntry) private readonly entries: Repository<AuditEntry>,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  /** Writes one entry; pass the transaction's manager so the entry commits with the change. */
  async record(context: RequestContext, record: AuditRecord, manager?: EntityManager): Promise<void> {
    const repository = manager ? manager.getRepository(AuditEntry) : this.entries;
    const entry = repository.create({
      at: this.clock.now(),
      actorId: record.actor ? record.actor.id : (context.principal?.id ?? null),
      actorEmail: record.actor ? record.actor.email : (context.principal?.email ?? null),
      action: record.action,
      objectType: record.objectType,
      objectId: record.objectId,
      organisationPath: record.organisationPath,
      details: record.details ?? null,
      ip: context.ip?.slice(0, 64) ?? null,
      requestId: context.requestId?.slice(0, 64) ?? null,
    });
    await repository.save(entry, { reload: false });
  }

  async list(context: AuthenticatedContext, query: AuditQueryDto): Promise<Page<AuditEntry>> {
    const q = this.entries.createQueryBuilder('entry');
    whereInScope(q, 'entry.organisationPath', context.principal.scope);
    if (query.action) q.andWhere('entry.action = :action', { action: query.action });
    if (query.actorId) q.andWhere('entry.actorId = :actorId', { actorId: query.actorId });
    if (query.objectType) q.andWhere('entry.objectType = :objectType', { objectType: query.objectType });
    if (query.objectId) q.andWhere('entry.objectId = :objectId', { objectId: query.objectId });
    if (query.from) q.andWhere('entry.at >= :from', { from: new Date(query.from) });
    if (query.to) q.andWhere('entry.at < :to', { to: new Date(query.to) });
    const [items, total] = await q
      .orderBy('entry.at', 'DESC')
      .addOrderBy('entry.id', 'DESC')
      .skip((query.page - 1) * query.pageSize)
      .take(query.pageSize)
      .getManyAndCount();
    return pageOf(items, total, query);
  }

  async get(context: AuthenticatedContext, id: string): Promise<AuditEntry> {
    const q = this.entries.createQueryBuilder('entry').where('entry.id = :id', { id });
    const entry = await whereInScope(q, 'entry.organisationPath', context.principal.scope).getOne();
    if (!entry) throw new NotFound('audit_entry', id);
    return entry;
  }
}
