import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, type EntityManager, Repository } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { PasswordHasher } from '../auth/password-hasher.js';
import { SessionService } from '../auth/session.service.js';
import { Conflict, Forbidden, Invalid, NotFound } from '../common/errors.js';
import { containsPattern } from '../common/like.js';
import { type Page, pageOf } from '../common/pagination.js';
import type { AuthenticatedContext } from '../common/request-context.js';
import { whereInScope } from '../common/scope-query.js';
import { Organisation } from '../organisations/organisation.entity.js';
import { OrganisationsService } from '../organisations/organisations.service.js';
import type { CreatedUserDto, CreateUserDto, UpdateUserDto, UserQueryDto } from './dto/user.dto.js';
import { User } from './user.entity.js';

@Injectable()
export class UsersService {
  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly organisations: OrganisationsService,
    private readonly passwords: PasswordHasher,
    private readonly sessions: SessionService,
    private readonly audit: AuditService,
  ) {}

  /** Users are in scope through their organisation; users of no organisation only for system admins. */
  private scoped(ctx: AuthenticatedContext, manager?: EntityManager) {
    const repository = manager ? manager.getRepository(User) : this.users;
    const q = repository
      .createQueryBuilder('user')
      .leftJoin(Organisation, 'organisation', 'organisation.id = user.organisationId');
    return whereInScope(q, 'organisation.path', ctx.principal.scope);
  }

  async list(ctx: AuthenticatedContext, query: UserQueryDto): Promise<Page<User>> {
    const q = this.scoped(ctx);
    if (query.role) q.andWhere('user.role = :role', { role: query.role });
    if (query.active !== undefined) q.andWhere('user.active = :active', { active: query.active });
    if (query.within) {
      const root = await this.organisations.get(ctx, query.within);
      q.andWhere('organisation.path LIKE :withinPattern', { withinPattern: `${root.path}%` });
    }
    if (query.q) {
      q.andWhere("(LOWER(user.email) LIKE :q ESCAPE '\\' OR LOWER(user.displayName) LIKE :q ESCAPE '\\')", {
        q: containsPattern(query.q),
      });
    }
    const [items, total] = await q
      .orderBy('user.email', 'ASC')
      .skip((query.page - 1) * query.pageSize)
      .take(query.pageSize)
      .getManyAndCount();
    return pageOf(items, total, query);
  }

  async get(ctx: AuthenticatedContext, id: string, manager?: EntityManager): Promise<User> {
    const user = await this.scoped(ctx, manager).andWhere('user.id = :id', { id }).getOne();
    if (!user) throw new NotFound('user', id);
    return user;
  }

  async create(ctx: AuthenticatedContext, dto: CreateUserDto): Promise<CreatedUserDto> {
    const oneTimePassword = dto.password ? undefined : this.passwords.oneTimePassword();
    const passwordHash = await this.passwords.hash(dto.password ?? oneTimePassword!);
    const user = await this.dataSource.transaction(async (manager) => {
      const organisationPath = await this.placement(ctx, dto.role, dto.organisationId, manager);
      this.assertMayManage(ctx, null, dto.role, organisationPath);
      const taken = await manager.getRepository(User).exists({ where: { email: dto.email } });
      if (taken) throw new Conflict('user.email_taken', { email: dto.email });
      const saved = await manager.getRepository(User).save(
        manager.getRepository(User).create({
          email: dto.email,
          displayName: dto.displayName,
          passwordHash,
          role: dto.role,
          organisationId: dto.organisationId,
          active: true,
          mustChangePassword: oneTimePassword !== undefined,
        }),
      );
      await this.audit.record(
        ctx,
        {
          action: 'user.created',
          objectType: 'user',
          objectId: saved.id,
          organisationPath,
          details: { email: saved.email, role: saved.role, organisationId: saved.organisationId },
        },
        manager,
      );
      return saved;
    });
    const { passwordHash: _omitted, ...visible } = user;
    return { user: visible, oneTimePassword };
  }

  async update(ctx: AuthenticatedContext, id: string, dto: UpdateUserDto): Promise<User> {
    return this.dataSource.transaction(async (manager) => {
      const user = await this.get(ctx, id, manager);
      const self = user.id === ctx.principal.id;
      if (!self) this.assertMayManage(ctx, user.id, user.role, await this.pathOf(user.organisationId, manager));
      if (self && dto.role !== undefined && dto.role !== user.role) throw new Forbidden('user.cannot_demote_self');
      if (self && dto.active === false) throw new Forbidden('user.cannot_disable_self');
      // the designation is an administrator's to give, never one's own to take
      if (dto.mayTriggerEmergencies !== undefined && (self || ctx.principal.role !== 'admin')) {
        if (dto.mayTriggerEmergencies !== user.mayTriggerEmergencies) throw new Forbidden('user.emergency_designation');
      }
      const changes: Record<string, { from: unknown; to: unknown }> = {};
      for (const field of ['displayName', 'role', 'organisationId', 'active', 'mayTriggerEmergencies'] as const) {
        if (dto[field] !== undefined && dto[field] !== user[field])
          changes[field] = { from: user[field], to: dto[field] };
      }
      if (Object.keys(changes).length === 0) return user;
      const role = dto.role ?? user.role;
      const organisationId = dto.organisationId !== undefined ? dto.organisationId : user.organisationId;
      const organisationPath = await this.placement(ctx, role, organisationId, manager);
      if (!self) this.assertMayManage(ctx, user.id, role, organisationPath);
      Object.assign(user, { displayName: dto.displayName ?? user.displayName, role, organisationId });
      if (dto.active !== undefined) user.active = dto.active;
      if (dto.mayTriggerEmergencies !== undefined) user.mayTriggerEmergencies = dto.mayTriggerEmergencies;
      const saved = await manager.getRepository(User).save(user);
      // A deactivated account or one that moved elsewhere must sign in again.
      if (changes.active || changes.organisationId || changes.role) await this.sessions.revokeAllOf(user.id, manager);
      await this.audit.record(
        ctx,
        { action: 'user.updated', objectType: 'user', objectId: id, organisationPath, details: changes },
        manager,
      );
      return saved;
    });
  }

  async resetPassword(ctx: AuthenticatedContext, id: string): Promise<string> {
    const oneTimePassword = this.passwords.oneTimePassword();
    const passwordHash = await this.passwords.hash(oneTimePassword);
    await this.dataSource.transaction(async (manager) => {
      const user = await this.get(ctx, id, manager);
      const organisationPath = await this.pathOf(user.organisationId, manager);
      if (user.id !== ctx.principal.id) this.assertMayManage(ctx, user.id, user.role, organisationPath);
      await manager.getRepository(User).update({ id }, { passwordHash, mustChangePassword: true });
      await this.sessions.revokeAllOf(id, manager);
      await this.audit.record(
        ctx,
        {
          action: 'user.password_reset',
          objectType: 'user',
          objectId: id,
          organisationPath,
        },
        manager,
      );
    });
    return oneTimePassword;
  }

  /**
   * An administrator manages the administrators below their own organisation, never their
   * peers in it: otherwise one district admin could reset another's password and become them.
   */
  private assertMayManage(ctx: AuthenticatedContext, targetId: string | null, role: User['role'], path: string | null) {
    const scope = ctx.principal.scope;
    if (targetId === ctx.principal.id || scope.kind === 'everywhere' || role !== 'admin') return;
    if (path === scope.path) throw new Forbidden('user.peer_admin');
  }

  /** Checks where a user with this role may sit, and returns that organisation's path. */
  private async placement(
    ctx: AuthenticatedContext,
    role: User['role'],
    organisationId: string | null,
    manager: EntityManager,
  ): Promise<string | null> {
    if (organisationId === null) {
      if (role !== 'admin') throw new Invalid('user.global_needs_admin');
      if (ctx.principal.scope.kind !== 'everywhere') throw new Forbidden('organisation.outside_scope');
      return null;
    }
    return (await this.organisations.get(ctx, organisationId, manager)).path;
  }

  private async pathOf(organisationId: string | null, manager: EntityManager): Promise<string | null> {
    if (!organisationId) return null;
    const organisation = await manager.getRepository(Organisation).findOne({ where: { id: organisationId } });
    return organisation?.path ?? null;
  }
}
