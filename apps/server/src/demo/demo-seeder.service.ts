import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { EVERYWHERE, type Role, subtreeScope } from '@loa/identity';
import { CampaignsService } from '../campaigns/campaigns.service.js';
import { DonationsService } from '../campaigns/donations.service.js';
import { Clock } from '../clock/clock.js';
import type { AuthenticatedContext } from '../common/request-context.js';
import { APP_CONFIG, type ResolvedConfig } from '../config/config.module.js';
import { Creative } from '../creatives/creative.entity.js';
import { CreativeIntakeService } from '../creatives/creative-intake.service.js';
import { CreativesService } from '../creatives/creatives.service.js';
import { FfmpegService } from '../media/ffmpeg.service.js';
import { MediaStorage } from '../media/media-storage.js';
import { Organisation } from '../organisations/organisation.entity.js';
import { OrganisationsService } from '../organisations/organisations.service.js';
import { PlaylistEntriesService } from '../playback/playlist-entries.service.js';
import { ScreensService } from '../screens/screens.service.js';
import { User } from '../users/user.entity.js';
import { UsersService } from '../users/users.service.js';
import { described, type DemoPoster, renderClip, renderPoster } from './demo-media.js';

const DAY = 86_400_000;
const PROCESSING_WAIT_MS = 120_000;

/** The demo's people: one per role besides the first administrator, each with a one-time password. */
const PEOPLE: readonly { email: string; displayName: string; role: Role; at: 'province' | 'city' | 'company' }[] = [
  { email: 'truyenthong@backan.demo', displayName: 'Hoàng Thị Lan', role: 'communications', at: 'province' },
  { email: 'vanhanh@backan.demo', displayName: 'Nông Văn Hùng', role: 'operator', at: 'city' },
  { email: 'doanhnghiep@backan.demo', displayName: 'Triệu Minh Tuấn', role: 'advertiser', at: 'company' },
];

const POSTERS: readonly DemoPoster[] = [
  {
    title: 'Cài đặt Bluezone – áp phích ngang',
    width: 1920,
    height: 1080,
    background: '#0b5cad',
    headline: 'Cài đặt Bluezone',
    lines: ['Bảo vệ mình – Bảo vệ cộng đồng', 'Cảnh báo khi tiếp xúc gần người nhiễm COVID-19'],
  },
  {
    title: 'Cài đặt Bluezone – áp phích dọc (thang máy)',
    width: 1080,
    height: 1920,
    background: '#0d47a1',
    headline: 'Bluezone',
    lines: ['Quét mã QR để cài đặt', 'bluezone.gov.vn'],
  },
  {
    title: 'Chào mừng đến Bắc Kạn',
    width: 1920,
    height: 1080,
    background: '#1b5e20',
    headline: 'Chào mừng đến Bắc Kạn',
    lines: ['Thành phố xanh – sạch – đẹp'],
  },
];

/**
 * First start on an empty database (unless DEMO=0): a province with districts, a ward and a
 * transport company; screens of the three kinds; a Bluezone campaign whose posters and clip Loa
 * makes itself (sharp draws the posters, ffmpeg the clip), default content, a donation of airtime,
 * and one user per role with a one-time password printed once. Everything goes through the same
 * services the API uses, so it is checked, audited and scheduled like anything a user makes.
 */
@Injectable()
export class DemoSeeder implements OnApplicationBootstrap {
  private readonly logger = new Logger('Demo');

  constructor(
    @Inject(APP_CONFIG) private readonly config: ResolvedConfig,
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(MediaStorage) private readonly storage: MediaStorage,
    private readonly organisations: OrganisationsService,
    private readonly users: UsersService,
    private readonly intake: CreativeIntakeService,
    private readonly creatives: CreativesService,
    private readonly ffmpeg: FfmpegService,
    private readonly screens: ScreensService,
    private readonly campaigns: CampaignsService,
    private readonly donations: DonationsService,
    private readonly entries: PlaylistEntriesService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.demo) return;
    // only into an empty database: the first administrator is all there is
    if ((await this.dataSource.getRepository(Organisation).count()) > 0) return;
    if ((await this.dataSource.getRepository(User).count()) !== 1) return;
    const started = Date.now();
    const passwords = await this.seed();
    this.logger.log(`Seeded the demo in ${((Date.now() - started) / 1000).toFixed(1)} s (DEMO=0 starts empty)`);
    printPeople(passwords);
  }

  /** Answers each demo user's email and one-time password. */
  async seed(): Promise<{ email: string; role: Role; password: string }[]> {
    const admin = await this.dataSource.getRepository(User).findOneOrFail({ where: { role: 'admin' } });
    const root = contextOf(admin.id, admin.email, 'admin', null, null);
    const org = async (name: string, kind: Organisation['kind'], parentId?: string, code?: string) =>
      this.organisations.create(root, { name, kind, parentId, code });
    const province = await org('Tỉnh Bắc Kạn', 'province', undefined, '06');
    const city = await org('Thành phố Bắc Kạn', 'district', province.id, '058');
    const babe = await org('Huyện Ba Bể', 'district', province.id, '061');
    await org('Huyện Chợ Đồn', 'district', province.id, '063');
    const ward = await org('Phường Đức Xuân', 'ward', city.id);
    const chora = await org('Thị trấn Chợ Rã', 'ward', babe.id);
    const company = await org('Công ty CP Vận tải Bắc Kạn', 'company', city.id);
    const placeOf = { province, city, company } as const;

    const people: { email: string; role: Role; password: string }[] = [];
    const contexts = new Map<Role, AuthenticatedContext>();
    for (const person of PEOPLE) {
      const place = placeOf[person.at];
      const created = await this.users.create(root, {
        email: person.email,
        displayName: person.displayName,
        role: person.role,
        organisationId: place.id,
      });
      people.push({ email: person.email, role: person.role, password: created.oneTimePassword! });
      contexts.set(person.role, contextOf(created.user.id, person.email, person.role, place.id, place.path));
    }
    const comms = contexts.get('communications')!;
    const operator = contexts.get('operator')!;
    const advertiser = contexts.get('advertiser')!;

    // the creatives, made here, then submitted and approved as staff would
    const dir = await mkdtemp(join(this.storage.scratchDir, 'demo-'));
    const ids: string[] = [];
    try {
      const images = await Promise.all(POSTERS.map(renderPoster));
      for (const [i, poster] of POSTERS.entries()) {
        const path = join(dir, `poster-${i}.png`);
        await writeFile(path, images[i]);
        ids.push(await this.upload(comms, path, poster.title, `${poster.headline}.png`));
      }
      const clip = await renderClip(this.ffmpeg, dir, [images[0], images[2]], 4);
      ids.push(await this.upload(comms, clip, 'Cài đặt Bluezone – đoạn phim 8 giây', 'bluezone.mp4'));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    await this.settle(ids);
    for (const id of ids) {
      await this.creatives.review(comms, id, 'submitted');
      await this.creatives.review(root, id, 'approved');
    }
    const [landscape, portrait, welcome, clip] = ids;

    // screens of the three kinds; the bus station's belongs to the company
    const hours = [{ days: [1, 2, 3, 4, 5, 6, 7] as (1 | 2 | 3 | 4 | 5 | 6 | 7)[], from: '05:00', to: '23:00' }];
    await this.screens.create(operator, {
      name: 'Màn hình LED Quảng trường 19/12',
      kind: 'led_outdoor',
      localityId: ward.id,
      venue: 'Quảng trường 19/12',
      address: 'Đường Trường Chinh, phường Đức Xuân',
      tags: ['ngoài trời', 'trung tâm'],
      operatingHours: hours,
      layout: { ticker: true, qr: true, clock: true, transition: 'cut' },
    });
    await this.screens.create(operator, {
      name: 'Thang máy UBND tỉnh – sảnh A',
      kind: 'elevator',
      localityId: ward.id,
      venue: 'Trụ sở UBND tỉnh Bắc Kạn',
      tags: ['cơ quan'],
    });
    await this.screens.create(root, {
      name: 'Bến xe khách Bắc Kạn – sảnh chờ',
      kind: 'transit',
      organisationId: company.id,
      localityId: ward.id,
      venue: 'Bến xe khách Bắc Kạn',
      tags: ['bến xe'],
      operatingHours: hours,
      layout: { ticker: true, qr: true, clock: true, transition: 'fade' },
    });
    await this.screens.create(root, {
      name: 'Bến xe Chợ Rã – cửa ra bến',
      kind: 'transit',
      organisationId: company.id,
      localityId: chora.id,
      venue: 'Bến xe khách Chợ Rã',
      tags: ['bến xe'],
    });

    // default content for the province and for the company's network, so no screen is black
    await this.entries.create(root, { creativeId: welcome, organisationId: province.id });
    await this.entries.create(root, { creativeId: welcome, organisationId: company.id });

    const now = this.clock.now().getTime();
    const campaign = await this.campaigns.create(comms, {
      name: 'Cài đặt Bluezone, tháng 8/2020',
      flightStart: new Date(now - DAY).toISOString(),
      flightEnd: new Date(now + 30 * DAY).toISOString(),
      dayparts: [{ days: [1, 2, 3, 4, 5, 6, 7], from: '06:00', to: '22:00' }],
      targeting: { localityIds: [province.id] },
      creatives: [
        { creativeId: landscape, weight: 2 },
        { creativeId: portrait, weight: 1 },
        { creativeId: clip, weight: 1 },
      ],
      frequency: { kind: 'every', minutes: 15 },
      acceptsDonations: true,
      ticker: 'Cài đặt ứng dụng Bluezone để được cảnh báo khi tiếp xúc gần người nhiễm COVID-19 – bluezone.gov.vn',
      qrUrl: 'https://bluezone.gov.vn',
      qrCaption: 'Quét để cài Bluezone',
    });
    // the company gives 10 s of every loop on its station screens to the campaign
    await this.donations.create(advertiser, {
      campaignId: campaign.id,
      secondsPerLoop: 10,
      startsAt: new Date(now).toISOString(),
      endsAt: new Date(now + 30 * DAY).toISOString(),
    });
    return people;
  }

  private async upload(ctx: AuthenticatedContext, path: string, title: string, name: string): Promise<string> {
    const { sha256, byteSize } = await described(path);
    const creative = await this.intake.accept(
      ctx,
      { scratchPath: path, sha256, byteSize, originalName: name, accepted: null },
      { title },
    );
    return creative.id;
  }

  /** Waits for the renditions of these creatives: approval needs them made. */
  private async settle(ids: readonly string[]): Promise<void> {
    const until = Date.now() + PROCESSING_WAIT_MS;
    for (;;) {
      const rows = await this.dataSource.getRepository(Creative).find({ select: { id: true, status: true } });
      const mine = rows.filter((r) => ids.includes(r.id));
      const failed = mine.find((r) => r.status === 'failed');
      if (failed) throw new Error(`a demo creative could not be processed (${failed.id})`);
      if (mine.every((r) => r.status === 'ready')) return;
      if (Date.now() > until) throw new Error('the demo creatives took too long to process');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

function contextOf(
  id: string,
  email: string,
  role: Role,
  organisationId: string | null,
  path: string | null,
): AuthenticatedContext {
  return {
    principal: { id, email, role, organisationId, scope: path ? subtreeScope(path) : EVERYWHERE, sessionId: 'demo' },
    ip: null,
    requestId: 'demo-seed',
    userAgent: null,
    language: 'vi',
  };
}

/** Printed straight to stdout, once, like the first administrator's password. */
function printPeople(people: readonly { email: string; role: Role; password: string }[]): void {
  const width = 68;
  const row = (text: string) => `  │ ${text.padEnd(width - 2)} │`;
  process.stdout.write(
    [
      '',
      `  ┌${'─'.repeat(width)}┐`,
      row('Loa: dữ liệu mẫu / demo data (Tỉnh Bắc Kạn, chiến dịch Bluezone)'),
      row('Người dùng mẫu, mật khẩu dùng một lần / demo users, one-time:'),
      ...people.map((p) => row(`  ${p.role.padEnd(15)} ${p.email.padEnd(25)} ${p.password}`)),
      row('Mở /player ở một thẻ khác để ghép màn hình và phát.'),
      row('Open /player in another tab to pair a screen and watch it play.'),
      `  └${'─'.repeat(width)}┘`,
      '',
      '',
    ].join('\n'),
  );
}
