import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { APP_CONFIG, type ResolvedConfig } from '../config/config.module.js';
import { SYSTEM_CONTEXT } from '../common/request-context.js';
import { User } from '../users/user.entity.js';
import { PasswordHasher } from './password-hasher.js';

export const DEFAULT_ADMIN_EMAIL = 'admin@loa.local';

/**
 * First start on an empty database: create the administrator from ADMIN_EMAIL and
 * ADMIN_PASSWORD, or with a random one-time password printed once. Never a fixed default.
 */
@Injectable()
export class BootstrapAdminService implements OnApplicationBootstrap {
  private readonly logger = new Logger('BootstrapAdmin');

  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly passwords: PasswordHasher,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: ResolvedConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if ((await this.users.count()) > 0) return;
    const given = this.config.bootstrapAdmin;
    const email = (given?.email ?? DEFAULT_ADMIN_EMAIL).toLowerCase();
    const password = given?.password ?? this.passwords.oneTimePassword();
    const admin = await this.users.save(
      this.users.create({
        email,
        displayName: 'Quản trị viên',
        passwordHash: await this.passwords.hash(password),
        role: 'admin',
        organisationId: null,
        active: true,
        mustChangePassword: !given,
      }),
    );
    await this.audit.record(SYSTEM_CONTEXT, {
      action: 'user.bootstrap_admin_created',
      objectType: 'user',
      objectId: admin.id,
      organisationPath: null,
      actor: { id: null, email: null },
      details: { email, passwordFrom: given ? 'ADMIN_PASSWORD' : 'generated' },
    });
    if (given) {
      this.logger.log(`Created the administrator ${email} from ADMIN_EMAIL/ADMIN_PASSWORD`);
      return;
    }
    this.logger.warn(`Created the administrator ${email} with a one-time password (printed once below)`);
    // Printed straight to stdout, outside the structured log, so it is seen once and not shipped to log stores.
    process.stdout.write(
      [
        '',
        '  ┌──────────────────────────────────────────────────────────────┐',
        '  │ Loa: tài khoản quản trị đầu tiên / first administrator       │',
        `  │   email:    ${email.padEnd(49)}│`,
        `  │   mật khẩu: ${password.padEnd(49)}│`,
        '  │ Mật khẩu dùng một lần: hãy đổi sau khi đăng nhập.            │',
        '  │ One-time password: you will be asked to change it.           │',
        '  └──────────────────────────────────────────────────────────────┘',
        '',
        '',
      ].join('\n'),
    );
  }
}
