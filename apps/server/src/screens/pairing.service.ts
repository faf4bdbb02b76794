import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import QRCode from 'qrcode';
import { DataSource, IsNull, LessThan, MoreThan, Repository } from 'typeorm';
import { InjectRepository } from '@nestjs/typeorm';
import type { PairingCode } from '@loa/protocol';
import { normalisePairingCode, pairingCodeFrom } from '@loa/screens';
import { AuditService } from '../audit/audit.service.js';
import { ThrottleStore } from '../auth/login-throttle.js';
import { Clock } from '../clock/clock.js';
import { APP_CONFIG, type ResolvedConfig } from '../config/config.module.js';
import { Conflict, DomainError, Invalid } from '../common/errors.js';
import { isConstraintViolation } from '../database/constraint-violation.js';
import type { AuthenticatedContext } from '../common/request-context.js';
import { PlayerSockets } from '../realtime/player-sockets.js';
import type { ClaimScreenDto, ScreenDto } from './dto/screen.dto.js';
import { PairingCodeEntity } from './pairing-code.entity.js';
import { ScreenChanges } from './screen-changes.js';
import { factsOf } from './screen-scope.js';
import { Screen } from './screen.entity.js';
import { ScreensService } from './screens.service.js';

/** How long a claim waits for the player to acknowledge its token. */
const DELIVERY_TIMEOUT_MS = 5000;

/** The device a screen had before a replacement, kept to restore it if the new one never takes over. */
interface PreviousDevice {
  readonly tokenHash: string;
  readonly pairedAt: Date | null;
}

export function hashDeviceToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Long-lived and unguessable (256 bits); only its hash is stored. */
function newDeviceToken(): string {
  return `loa_dev_${randomBytes(32).toString('base64url')}`;
}

/**
 * Pairing: an unpaired player gets a short code; an operator claims it; the player receives its
 * device token over the socket it is waiting on, whichever server holds that socket.
 */
@Injectable()
export class PairingService {
  private readonly logger = new Logger('Pairing');

  constructor(
    @InjectRepository(PairingCodeEntity) private readonly codes: Repository<PairingCodeEntity>,
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: ResolvedConfig,
    private readonly screens: ScreensService,
    private readonly audit: AuditService,
    private readonly sockets: PlayerSockets,
    private readonly changes: ScreenChanges,
    private readonly throttle: ThrottleStore,
  ) {}

  /** A fresh code for the player waiting in this channel; an earlier unclaimed one of the channel is dropped. */
  async issue(channel: string): Promise<PairingCode> {
    const now = this.clock.now();
    const expiresAt = new Date(now.getTime() + this.config.screens.pairingCodeTtlSeconds * 1000);
    await this.expireWaiting(channel, now);
    // codes expired an hour ago can be issued again; keep the table small
    await this.codes.delete({ expiresAt: LessThan(new Date(now.getTime() - 3_600_000)) });
    for (let attempt = 1; ; attempt++) {
      const code = pairingCodeFrom(randomBytes(6));
      try {
        await this.codes.insert({ code, channel, expiresAt, claimedAt: null, screenId: null });
        return this.describe(code, expiresAt);
      } catch (error) {
        // another screen shows the same six characters right now: draw again
        if (attempt >= 5 || !isConstraintViolation(error)) throw error;
      }
    }
  }

  /** The waiting player left: its code can no longer be delivered, so it stops being claimable. */
  async forget(channel: string): Promise<void> {
    await this.expireWaiting(channel, this.clock.now());
  }

  /** Expired rather than deleted, so someone typing it is told it expired, not that it never existed. */
  private async expireWaiting(channel: string, now: Date): Promise<void> {
    await this.codes.update({ channel, claimedAt: IsNull(), expiresAt: MoreThan(now) }, { expiresAt: now });
  }

  async claim(ctx: AuthenticatedContext, dto: ClaimScreenDto): Promise<{ screen: ScreenDto; created: boolean }> {
    await this.assertNotThrottled(ctx);
    const code = normalisePairingCode(dto.code);
    if (!code) throw new Invalid('pairing.code_format');
    if (!dto.screenId && !(dto.name && dto.kind && dto.localityId)) throw new Invalid('pairing.needs_fields');
    const deviceToken = newDeviceToken();
    let outcome: { screen: Screen; channel: string; created: boolean; previous: PreviousDevice | null };
    try {
      outcome = await this.dataSource.transaction(async (manager) => {
        const now = this.clock.now();
        // the right to the screen first: someone who may not pair it learns nothing about codes
        const existing = dto.screenId ? await this.screens.findManageable(ctx, dto.screenId, manager) : null;
        const row = await manager.getRepository(PairingCodeEntity).findOne({ where: { code } });
        if (!row) throw new Conflict('pairing.code_unknown', { code });
        if (row.claimedAt) throw new Conflict('pairing.code_used', { code });
        if (row.expiresAt <= now) throw new Conflict('pairing.code_expired', { code });
        // single use even when two operators type the same code at once
        const taken = await manager
          .createQueryBuilder()
          .update(PairingCodeEntity)
          .set({ claimedAt: now })
          .where('code = :code AND "claimedAt" IS NULL AND "expiresAt" > :now', { code, now })
          .execute();
        if (taken.affected === 0) throw new Conflict('pairing.code_used', { code });
        let screen: Screen;
        let previous: PreviousDevice | null = null;
        const tokenHash = hashDeviceToken(deviceToken);
        if (existing) {
          screen = existing;
          const device = await manager
            .getRepository(Screen)
            .createQueryBuilder('screen')
            .addSelect('screen.deviceTokenHash')
            .where('screen.id = :id', { id: screen.id })
            .getOneOrFail();
          if (device.deviceTokenHash) previous = { tokenHash: device.deviceTokenHash, pairedAt: device.devicePairedAt };
          await manager
            .getRepository(Screen)
            .update({ id: screen.id }, { deviceTokenHash: tokenHash, devicePairedAt: now });
          screen.devicePairedAt = now;
        } else {
          screen = await this.screens.createWith(
            manager,
            ctx,
            { ...dto, name: dto.name!, kind: dto.kind!, localityId: dto.localityId! },
            { deviceTokenHash: tokenHash, devicePairedAt: now },
          );
        }
        await manager.getRepository(PairingCodeEntity).update({ code }, { screenId: screen.id });
        await this.audit.record(
          ctx,
          {
            action: 'screen.paired',
            objectType: 'screen',
            objectId: screen.id,
            organisationPath: screen.organisationPath,
            details: { created: !dto.screenId, replacedDevice: previous !== null },
          },
          manager,
        );
        return { screen, channel: row.channel, created: !dto.screenId, previous };
      });
    } catch (error) {
      if (error instanceof DomainError && error.kind === 'conflict') await this.countFailure(ctx);
      throw error;
    }
    const { screen, channel, created, previous } = outcome;
    const delivered = await this.sockets.deliverPairing(
      channel,
      { deviceToken, screenId: screen.id, screenName: screen.name },
      DELIVERY_TIMEOUT_MS,
    );
    if (!delivered) {
      await this.undo(ctx, screen, hashDeviceToken(deviceToken), created, previous);
      throw new Conflict('pairing.player_gone');
    }
    // only now that the new hardware holds the screen is the old one cut off
    if (previous) {
      // the old device also finds out at its next hello or heartbeat (its token no longer matches)
      void this.sockets
        .revokeDevice(screen.id, previous.tokenHash, 'replaced')
        .catch((error: Error) => this.logger.warn(`could not cut off the replaced device: ${error.message}`));
    }
    if (created) this.changes.publish({ type: 'screen', screenId: screen.id, before: null, after: factsOf(screen) });
    const fresh = await this.screens.find(ctx, screen.id);
    return { screen: this.screens.toDto(fresh, ctx.principal.scope), created };
  }

  /** Replace device: the screen keeps its name, place, playlist and history; new hardware takes over. */
  replaceDevice(
    ctx: AuthenticatedContext,
    screenId: string,
    code: string,
  ): Promise<{ screen: ScreenDto; created: boolean }> {
    return this.claim(ctx, { code, screenId });
  }

  /** The player never took its token: a new screen goes again, a replaced device gets its screen back. */
  private async undo(
    ctx: AuthenticatedContext,
    screen: Screen,
    tokenHash: string,
    created: boolean,
    previous: PreviousDevice | null,
  ): Promise<void> {
    this.logger.warn(`the player for screen ${screen.id} left before receiving its token; pairing undone`);
    await this.dataSource.transaction(async (manager) => {
      // only if the screen still holds the token we set: a revoke or another claim since wins
      const ours = { id: screen.id, deviceTokenHash: tokenHash };
      if (created) await manager.getRepository(Screen).delete(ours);
      else {
        await manager
          .getRepository(Screen)
          .update(ours, { deviceTokenHash: previous?.tokenHash ?? null, devicePairedAt: previous?.pairedAt ?? null });
      }
      await this.audit.record(
        ctx,
        {
          action: created ? 'screen.deleted' : 'screen.paired',
          objectType: 'screen',
          objectId: screen.id,
          organisationPath: screen.organisationPath,
          details: { undone: true, reason: 'player_gone_before_pairing', previousDeviceKept: previous !== null },
        },
        manager,
      );
    });
  }

  /**
   * Limits per user, and per address at ten times that: a provincial office behind one NAT has
   * many operators, while a guesser has one account or one address.
   */
  private throttleLimits(ctx: AuthenticatedContext): Array<{ key: string; limit: number }> {
    const limit = this.config.screens.claimLimit;
    return [
      { key: `pairing-claim:user:${ctx.principal.id}`, limit },
      { key: `pairing-claim:ip:${ctx.ip ?? 'unknown'}`, limit: limit * 10 },
    ];
  }

  /** Guessing codes is what the limit is for: only failed claims count, so pairing fifty screens in a row is fine. */
  private async assertNotThrottled(ctx: AuthenticatedContext): Promise<void> {
    const now = this.clock.now().getTime();
    for (const { key, limit } of this.throttleLimits(ctx)) {
      const window = await this.throttle.peek(key, now);
      if (window.count >= limit) {
        const seconds = Math.max(1, Math.ceil((window.resetAt - now) / 1000));
        throw new DomainError('too_many', 'error.too_many_requests', { seconds });
      }
    }
  }

  private async countFailure(ctx: AuthenticatedContext): Promise<void> {
    const now = this.clock.now().getTime();
    const windowMs = this.config.screens.claimWindowSeconds * 1000;
    await Promise.all(this.throttleLimits(ctx).map(({ key }) => this.throttle.hit(key, windowMs, now)));
  }

  private async describe(code: string, expiresAt: Date): Promise<PairingCode> {
    const serverUrl = this.config.publicUrl;
    const claimUrl = `${serverUrl}/pair?code=${code}`;
    const qrSvg = await QRCode.toString(claimUrl, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
    return { code, expiresAt: expiresAt.toISOString(), claimUrl, qrSvg, serverUrl };
  }

  newChannel(): string {
    return randomUUID();
  }
}
