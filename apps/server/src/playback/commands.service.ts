import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { checkCommandResult, type Command } from '@loa/protocol';
import { AuditService } from '../audit/audit.service.js';
import { Clock } from '../clock/clock.js';
import { APP_CONFIG, type ResolvedConfig } from '../config/config.module.js';
import { Conflict, DomainError } from '../common/errors.js';
import type { AuthenticatedContext } from '../common/request-context.js';
import { CommandTimeout, PlayerSockets } from '../realtime/player-sockets.js';
import { ScreenScreenshot } from '../screens/screen-screenshot.entity.js';
import { ScreensService } from '../screens/screens.service.js';
import type { CommandResultDto, SendCommandDto } from './dto/command.dto.js';

const SCREENSHOT = /^data:(image\/(?:jpeg|webp|png));base64,(.+)$/;

/** Commands to a screen's player, answered through socket.io acknowledgements, wherever it is connected. */
@Injectable()
export class CommandsService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: ResolvedConfig,
    private readonly screens: ScreensService,
    private readonly sockets: PlayerSockets,
    private readonly audit: AuditService,
  ) {}

  async send(ctx: AuthenticatedContext, screenId: string, dto: SendCommandDto): Promise<CommandResultDto> {
    const screen = await this.screens.findManageable(ctx, screenId);
    if (!screen.devicePairedAt) throw new Conflict('screen.not_paired');
    const command: Command = {
      id: randomUUID(),
      type: dto.type,
      ...(dto.type === 'identify' ? { seconds: dto.seconds ?? 10, screenName: screen.name } : {}),
    };
    const seconds = this.config.screens.commandTimeoutSeconds;
    let answers;
    try {
      answers = await this.sockets.command(screen.id, command, seconds * 1000);
    } catch (error) {
      if (error instanceof CommandTimeout) throw new DomainError('timeout', 'screen.command_timeout', { seconds });
      throw error;
    }
    if (answers.length === 0) throw new Conflict('screen.offline');
    const answered = answers.filter((a) => a?.ok === true);
    if (answered.length === 0) {
      const failed = answers[0];
      const reason = (failed && !failed.ok ? failed.error?.message : undefined)?.slice(0, 300) ?? 'no answer';
      throw new DomainError('unprocessable', 'screen.command_failed', { reason });
    }
    const result: CommandResultDto = { id: command.id, type: command.type, answeredAt: this.clock.now().toISOString() };
    if (command.type === 'screenshot') {
      // with two devices on one screen, the first picture that passes the check is kept
      const checked = answered.map((a) => checkCommandResult('screenshot', a.ok ? a.data : undefined));
      const good = checked.find((c) => c.ok);
      if (!good?.ok) {
        const first = checked[0];
        throw new DomainError('unprocessable', 'screen.command_failed', {
          reason: first.ok ? '' : first.error.message,
        });
      }
      const [, mimeType, imageBase64] = SCREENSHOT.exec(good.value.screenshot!)!;
      await this.dataSource
        .getRepository(ScreenScreenshot)
        .save({ screenId: screen.id, mimeType, imageBase64, takenAt: this.clock.now() });
      result.screenshotUrl = `/api/screens/${screen.id}/screenshot`;
    }
    await this.audit.record(ctx, {
      action: 'screen.command',
      objectType: 'screen',
      objectId: screen.id,
      organisationPath: screen.organisationPath,
      details: { type: command.type },
    });
    return result;
  }

  async screenshot(
    ctx: AuthenticatedContext,
    screenId: string,
  ): Promise<{ mimeType: string; image: Buffer; takenAt: Date }> {
    const screen = await this.screens.find(ctx, screenId);
    const row = await this.dataSource.getRepository(ScreenScreenshot).findOne({ where: { screenId: screen.id } });
    if (!row) throw new DomainError('not_found', 'screen.no_screenshot');
    return { mimeType: row.mimeType, image: Buffer.from(row.imageBase64, 'base64'), takenAt: row.takenAt };
  }
}
