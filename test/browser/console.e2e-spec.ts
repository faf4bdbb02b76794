/// <reference lib="dom" />
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { CATALOGUE, type MessageKey } from '../../apps/console/src/messages.js';
import sharp from 'sharp';
import { describeInChromium, pairPlayer, startBrowserWorld, stopBrowserWorld } from '../support/chromium.js';
import { asUser, PASSWORD, type SeededUser, type World } from '../support/fixtures.js';
import { approvedCreative, busStationIn } from '../support/screens.js';
import { PlaysService } from '../../apps/server/src/plays/plays.service.js';
import type { TestApp } from '../support/test-app.js';

const CONSOLE = fileURLToPath(new URL('../../apps/console/dist/index.html', import.meta.url));

/** With UPDATE_SCREENSHOTS=1, the journeys save the pages they pass through, for the README. */
async function screenshot(page: Page, name: string): Promise<void> {
  if (!process.env.UPDATE_SCREENSHOTS) return;
  await page.waitForTimeout(500);
  await page.screenshot({ path: fileURLToPath(new URL(`../../docs/screenshots/${name}.png`, import.meta.url)) });
}

/** Signs in through the console's own form. */
async function signIn(page: Page, url: string, email: string): Promise<void> {
  await page.goto(url);
  await page.getByLabel('Thư điện tử').fill(email);
  await page.getByLabel('Mật khẩu').fill(PASSWORD);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.getByRole('button', { name: 'Đăng xuất' }).waitFor();
}

/**
 * Words on the page that are the console's English where Vietnamese was due: an English message
 * that differs from its Vietnamese one, or a message key shown as it is.
 */
async function untranslated(page: Page): Promise<string[]> {
  const { text, codes } = await page.evaluate(() => ({
    text: document.body.innerText,
    codes: Array.from(document.querySelectorAll('code'), (c) => (c.textContent ?? '').trim()),
  }));
  // <code> holds identifiers shown as data (an audit action such as "emergency.cancel"), not words
  // lines, and the cells of table rows (innerText separates them with tabs)
  const lines = text
    .split(/[\n\t]/)
    .map((l) => l.trim())
    .filter((l) => l && !codes.includes(l));
  const found: string[] = [];
  for (const key of Object.keys(CATALOGUE.en) as MessageKey[]) {
    const english = CATALOGUE.en[key];
    // a message with parameters: its fixed words, e.g. "screens, " of "{shown} of {total} screens, …"
    const fixed = english.split(/\{\w+\}/).filter((part) => part.trim().length > 3);
    const shown =
      english === CATALOGUE.vi[key] || english.length < 4
        ? false
        : fixed.length > 1 || english.includes('{')
          ? // ("For {profiles}" has no fixed words long enough to tell it by)
            fixed.length > 0 && fixed.every((part) => text.includes(part))
          : lines.includes(english);
    if (shown) found.push(english);
    if (lines.some((line) => line.includes(key))) found.push(key);
  }
  // and words no catalogue knows: a line of two or more plain-ASCII words that is not one of the
  // Vietnamese messages ("Trang web") is English written into a page (Vietnamese words mostly carry diacritics)
  const vietnamese = new Set<string>(Object.values(CATALOGUE.vi));
  for (const line of lines) {
    if (/^[A-Za-z]+(?: [A-Za-z]+)+[.!?]?$/.test(line) && !vietnamese.has(line) && !found.includes(line))
      found.push(line);
  }
  return found;
}

describeInChromium('web console in Chromium', () => {
  let t: TestApp;
  let w: World;
  let operator: SeededUser;
  let browser: Browser;

  beforeAll(async () => {
    ({ t, w, operator, browser } = await startBrowserWorld(CONSOLE, {
      email: 'nguyen.van.hai@babe.gov.vn',
      displayName: 'Nguyễn Văn Hải',
    }));
  });

  afterAll(() => stopBrowserWorld({ t, browser }));

  it('lets an operator pair a player by its code and see it online, live', async () => {
    const consoleContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const desk = await consoleContext.newPage();
    await signIn(desk, t.url, operator.email);
    // (the list loads after the sign-in: wait for it)
    await desk.getByText('Chưa có màn hình nào', { exact: false }).waitFor();

    // a screen at the bus station opens /player and shows its code
    const playerContext = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    const player = await playerContext.newPage();
    await player.goto(`${t.url}/player/`);
    await player.waitForFunction(
      () => (document.querySelector('[data-testid="pairing-code"]')?.textContent ?? '').length === 6,
    );
    const code = (await player.getByTestId('pairing-code').textContent())!;

    // the operator opens the QR's link (/pair?code=…): the code is filled in
    await desk.goto(`${t.url}/pair?code=${code}`);
    await expect(desk.getByLabel('Mã ghép').inputValue()).resolves.toBe(code);
    await desk.getByLabel('Tên màn hình').fill('Bến xe khách Chợ Rã – cửa ra bến');
    await desk.getByLabel('Loại màn hình').selectOption('transit');
    await desk.getByLabel('Nơi đặt').selectOption(w.wardA.id);
    await desk.getByLabel('Địa điểm (không bắt buộc)').fill('Bến xe khách Chợ Rã');
    await desk.getByRole('button', { name: 'Ghép', exact: true }).click();

    // the screen's page; the player leaves its pairing screen and the console sees it come online
    await desk.getByRole('heading', { name: 'Bến xe khách Chợ Rã – cửa ra bến' }).waitFor();
    await player.locator('#pairing').waitFor({ state: 'hidden' });
    await desk.locator('.badge[data-online="true"]').waitFor({ timeout: 10_000 });
    await desk.getByRole('link', { name: 'Tất cả màn hình' }).click();
    const row = desk.locator('tr[data-screen-id]');
    await row.locator('.badge[data-online="true"]').waitFor();
    await expect(row.locator('td').first().textContent()).resolves.toBe('Bến xe khách Chợ Rã – cửa ra bến');
    await screenshot(desk, 'console-screens');

    // the player goes away: the list says so without a reload
    await playerContext.close();
    await row.locator('.badge[data-online="false"]').waitFor({ timeout: 10_000 });

    // new hardware: it shows a code, the operator types it on the screen's page, and it takes the screen over
    const newContext = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    const newPlayer = await newContext.newPage();
    await newPlayer.goto(`${t.url}/player/`);
    await newPlayer.waitForFunction(
      () => (document.querySelector('[data-testid="pairing-code"]')?.textContent ?? '').length === 6,
    );
    const newCode = (await newPlayer.getByTestId('pairing-code').textContent())!;
    await row.getByRole('link').click();
    await desk.getByLabel('Mã ghép').fill(newCode);
    await desk.getByRole('button', { name: 'Thay thiết bị' }).click();
    await desk.getByText('Thiết bị mới đã nhận màn hình này.').waitFor();
    await newPlayer.locator('#pairing').waitFor({ state: 'hidden' });
    await desk.locator('.badge[data-online="true"]').waitFor({ timeout: 10_000 });
    await newContext.close();
    await consoleContext.close();
  });

  it('takes communications staff from upload to approval to a campaign a paired player shows', async () => {
    const poster = await sharp({ create: { width: 1920, height: 1080, channels: 3, background: '#0b5cad' } })
      .composite([
        {
          input: Buffer.from(
            '<svg xmlns="http://www.w3.org/2000/svg" width="1920" height="1080"><text x="960" y="560" font-family="sans-serif" font-size="120" fill="#fff" text-anchor="middle">Khai báo y tế</text></svg>',
          ),
        },
      ])
      .png()
      .toBuffer();
    const staffContext = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const staff = await staffContext.newPage();
    await signIn(staff, t.url, w.commsA.email);
    // their home is the media library: upload, watch it processed, send it for approval
    await staff.getByRole('heading', { name: 'Thư viện nội dung' }).waitFor();
    await staff
      .getByTestId('upload')
      .setInputFiles({ name: 'khai-bao-y-te.png', mimeType: 'image/png', buffer: poster });
    const tile = staff.locator('article[data-creative-id]', { hasText: 'khai-bao-y-te' });
    await tile.getByRole('button', { name: 'Gửi duyệt' }).click({ timeout: 30_000 });
    await tile.locator('[data-review="submitted"]').waitFor();
    const creativeId = (await tile.getAttribute('data-creative-id'))!;
    // the files made for each kind of screen, to look at before approving
    await tile.getByRole('button', { name: 'Các bản cho màn hình' }).click();
    await tile.locator('figure[data-rendition-id]').first().waitFor();
    await expect(tile.locator('figcaption').first().textContent()).resolves.toMatch(/^Cho /);
    await screenshot(staff, 'console-library');

    // the province's administrator approves it from the queue
    const adminContext = await browser.newContext();
    const admin = await adminContext.newPage();
    await signIn(admin, t.url, w.provinceAdmin.email);
    await admin.goto(`${t.url}/approvals`);
    await admin.locator(`article[data-creative-id="${creativeId}"]`).getByRole('button', { name: 'Duyệt' }).click();
    await admin.getByText('Không có nội dung nào chờ duyệt.').waitFor();
    await adminContext.close();

    // a screen at the bus station, paired and playing
    const playerContext = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    const player = await playerContext.newPage();
    let screenId = '';
    await pairPlayer(player, t.url, async (code) => {
      const claim = await asUser(t, operator.token).post('/api/screens/claim', { code, ...busStationIn(w) });
      expect(claim.status).toBe(201);
      screenId = (claim.body as { screen: { id: string } }).screen.id;
    });

    // the campaign: the approved poster, all day, on transit screens of the ward, as often as airtime allows
    await staff.goto(`${t.url}/campaigns`);
    await staff.getByLabel('Tên chiến dịch').fill('Khai báo y tế điện tử, tháng 8/2020');
    await staff.getByLabel('Cả ngày').check();
    await staff.locator('label.choice', { hasText: 'khai-bao-y-te' }).locator('input').check();
    await staff.getByLabel('Phát ở đâu').selectOption([w.wardA.id]);
    await staff.locator('label.choice', { hasText: 'Nhà ga, bến xe' }).locator('input').check();
    await staff.getByLabel('Nhiều nhất có thể').check();
    await screenshot(staff, 'console-campaign');
    await staff.getByRole('button', { name: 'Lên lịch' }).click();
    await staff.locator('article[data-campaign-id]', { hasText: 'Khai báo y tế điện tử, tháng 8/2020' }).waitFor();

    // the player shows it
    await player.waitForFunction((id) => document.getElementById('stage')?.dataset.creativeId === id, creativeId, {
      timeout: 20_000,
    });
    // where and how often it will play this week, and what the screen plays this hour
    const campaignCard = staff.locator('article[data-campaign-id]', { hasText: 'Khai báo y tế điện tử' });
    await campaignCard.getByRole('button', { name: 'Phát ở đâu, bao nhiêu lần' }).click();
    await expect(campaignCard.getByTestId('reach').textContent()).resolves.toMatch(
      /\d+ lượt \(0 lượt trong thời lượng tài trợ\) trên [1-9]\d* màn hình/,
    );
    await staff.goto(`${t.url}/screens/${screenId}`);
    await staff.getByRole('button', { name: 'Xem' }).click();
    await expect(staff.getByTestId('schedule').textContent()).resolves.toContain('khai-bao-y-te');

    // an emergency: the administrator confirms, the player shows the message; the all clear restores it
    const chiefContext = await browser.newContext();
    const chief = await chiefContext.newPage();
    await signIn(chief, t.url, w.provinceAdmin.email);
    await chief.goto(`${t.url}/emergencies`);
    await chief.getByLabel('Tiêu đề (để ghi nhật ký)').fill('Phong tỏa tổ 5');
    await chief.getByLabel('Thông điệp hiện toàn màn hình').fill('Khẩn: phong tỏa tổ 5 thị trấn Chợ Rã.');
    await chief.getByLabel('Ở đâu').selectOption([w.wardA.id]);
    await chief.getByRole('button', { name: 'Chiếm màn hình' }).click();
    await expect(chief.getByRole('alertdialog').textContent()).resolves.toContain('Thị trấn Chợ Rã');
    expect(await player.locator('#message').isVisible()).toBe(false);
    await chief.getByRole('button', { name: 'Đồng ý, chiếm ngay' }).click();
    await player.locator('#message').waitFor({ state: 'visible', timeout: 10_000 });
    await chief.getByRole('button', { name: 'Báo hết khẩn cấp' }).click();
    await player.locator('#message').waitFor({ state: 'hidden', timeout: 10_000 });
    await chiefContext.close();
    await playerContext.close();
    await staffContext.close();
  });

  it('lets an advertiser donate airtime, explained as it is typed, and read what it delivered', async () => {
    // the company's screen at the station, and a public-service campaign that takes donations
    const station = await asUser(t, w.rootToken).post('/api/screens', {
      ...busStationIn(w, { name: 'Bến xe Chợ Rã – quầy vé', organisationId: w.company.id }),
    });
    expect(station.status).toBe(201);
    const poster = await approvedCreative(t, w, 'Cài đặt Bluezone – tài trợ');
    // public-service campaigns taking donations, from yesterday until a month from now unless said
    const publicService = (name: string, endsInDays = 30) =>
      asUser(t, w.commsA.token).post('/api/campaigns', {
        name,
        flightStart: new Date(Date.now() - 86_400_000).toISOString(),
        flightEnd: new Date(Date.now() + endsInDays * 86_400_000).toISOString(),
        creatives: [{ creativeId: poster }],
        acceptsDonations: true,
      });
    const campaign = await publicService('Cài đặt Bluezone – công ích');
    expect(campaign.status).toBe(201);
    // a paused one is listed but not offered: the server would refuse a donation to it
    const paused = await publicService('Khai báo y tế – công ích');
    expect(paused.status).toBe(201);
    const pausedId = (paused.body as { id: string }).id;
    expect((await asUser(t, w.commsA.token).patch(`/api/campaigns/${pausedId}`, { status: 'paused' })).status).toBe(
      200,
    );
    // one whose flight ended an hour ago is not listed at all
    const ended = await publicService('Rửa tay đúng cách – công ích', -1 / 24);
    expect(ended.status).toBe(201);

    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    const page = await context.newPage();
    await signIn(page, t.url, w.advertiser.email);
    await page.getByRole('heading', { name: 'Tài trợ thời lượng', exact: true }).waitFor();
    // 10 s of every 2-minute loop on one always-on screen: 720 loops a day, one slot each
    // (once the donor's screens and the loop policies are loaded)
    await page
      .getByTestId('explanation')
      .getByText('10 giây mỗi vòng 2 phút ≈ 720 lượt/ngày trên 1 màn hình của bạn', { exact: true })
      .waitFor();
    await page.getByLabel('Bao nhiêu').fill('20');
    await page.getByText('20 giây mỗi vòng 2 phút ≈ 1440 lượt/ngày', { exact: false }).waitFor();
    await page.getByLabel('Bao nhiêu').fill('10');
    const pausedOption = page.getByLabel('Tài trợ cho').locator(`option[value="${pausedId}"]`);
    expect(await pausedOption.textContent()).toBe('Khai báo y tế – công ích (Tạm dừng)');
    expect(await pausedOption.isDisabled()).toBe(true);
    expect(await page.getByLabel('Tài trợ cho').locator('option', { hasText: 'Rửa tay đúng cách' }).count()).toBe(0);
    await page.getByLabel('Tài trợ cho').selectOption((campaign.body as { id: string }).id);
    await page.getByRole('button', { name: 'Tài trợ', exact: true }).click();
    await page.locator('button[data-donation-id]').waitFor();
    const donationId = (await page.locator('button[data-donation-id]').getAttribute('data-donation-id'))!;

    // the screen proves three donated plays; the report shows them, and downloads as CSV. They start
    // at the last hour's start, so they fall in one local day of the reports' zone (UTC+7, whole hours)
    // whatever the time: from an hour ago, they crossed its midnight (17:00 UTC) when run from 17:56 to 18:00 UTC
    const hourAgo = Math.floor((Date.now() - 3_600_000) / 3_600_000) * 3_600_000;
    const plays = [0, 1, 2].map((i) => {
      const at = hourAgo + i * 120_000;
      return {
        playId: randomUUID(),
        creativeId: poster,
        renditionSha256: null,
        reason: 'donation' as const,
        campaignId: (campaign.body as { id: string }).id,
        donationId,
        emergencyId: null,
        entryId: null,
        scheduledStart: new Date(at).toISOString(),
        scheduledEnd: new Date(at + 10_000).toISOString(),
        startedAt: new Date(at).toISOString(),
        endedAt: new Date(at + 10_000).toISOString(),
        shownSeconds: 10,
        outcome: 'complete' as const,
        note: null,
      };
    });
    const screen = station.body as { id: string };
    await t.app
      .get(PlaysService)
      .ingest({ id: screen.id, organisationPath: w.company.path, localityPath: w.wardA.path }, plays);
    await page.reload();
    await page.getByText('Đã phát 3 lượt', { exact: false }).waitFor();
    expect(await page.locator('svg.chart rect').count()).toBeGreaterThan(0);
    await screenshot(page, 'console-donations');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Tải tệp CSV' }).click(),
    ]);
    const csv = readFileSync(await download.path(), 'utf8');
    expect(csv.replace(/^\ufeff/, '').split('\r\n')[0]).toBe('Ngày,Lượt phát,Số giây trên màn hình,Màn hình');
    expect(csv).toMatch(/\d{4}-\d{2}-\d{2},3,30,1/);
    // the same plays in the donor's reports, by campaign
    await page.getByRole('link', { name: 'Báo cáo', exact: true }).click();
    await page.getByText('3 lượt phát', { exact: false }).waitFor();
    await page.getByRole('combobox').first().selectOption('campaign');
    await page.getByTestId('plays-report').getByRole('cell', { name: 'Cài đặt Bluezone – công ích' }).waitFor();
    await context.close();
  });

  it('lets an administrator create users, grow the locality tree from a CSV file and read the audit log', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await signIn(page, t.url, w.provinceAdmin.email);
    await page.goto(`${t.url}/users`);
    await page.getByLabel('Thư điện tử').fill('hoa.truyenthong@backan.gov.vn');
    await page.getByLabel('Họ và tên').fill('Nguyễn Thị Hoa');
    await page.getByLabel('Vai trò').selectOption('communications');
    await page.getByLabel('Đơn vị').selectOption(w.districtA.id);
    await page.getByRole('button', { name: 'Tạo', exact: true }).click();
    const shown = (await page.getByTestId('one-time').textContent())!;
    const password = /: (\S+) \(/.exec(shown)![1];
    const hoa = page.locator('tr', { hasText: 'Nguyễn Thị Hoa' });
    await hoa.waitFor();
    // designated: she may trigger emergencies
    // (the box shows what the server holds: it is ticked once the change is saved)
    await hoa.getByLabel('Được phát khẩn cấp').click();
    await hoa.locator('input[type="checkbox"]:checked').waitFor();
    // the new user signs in with it, and must choose a password of her own before anything else
    const newcomerContext = await browser.newContext();
    const newcomer = await newcomerContext.newPage();
    await newcomer.goto(t.url);
    await newcomer.getByLabel('Thư điện tử').fill('hoa.truyenthong@backan.gov.vn');
    await newcomer.getByLabel('Mật khẩu').fill(password);
    await newcomer.getByRole('button', { name: 'Đăng nhập' }).click();
    await newcomer.getByRole('heading', { name: 'Đặt mật khẩu của bạn' }).waitFor();
    expect(await untranslated(newcomer)).toEqual([]);
    await newcomer.getByLabel('Mật khẩu dùng một lần').fill(password);
    await newcomer.getByLabel('Mật khẩu mới', { exact: true }).fill('hoa-chon-mat-khau-2020');
    await newcomer.getByLabel('Nhập lại mật khẩu mới').fill('hoa-chon-mat-khau-2020');
    await newcomer.getByRole('button', { name: 'Lưu và tiếp tục' }).click();
    await newcomer.getByRole('heading', { name: 'Thư viện nội dung' }).waitFor();
    await newcomer.getByRole('link', { name: 'Khẩn cấp' }).waitFor();
    expect(await t.login('hoa.truyenthong@backan.gov.vn', 'hoa-chon-mat-khau-2020')).toBeTruthy();
    await newcomerContext.close();

    // two communes from a CSV file, under a district and under each other
    await page.goto(`${t.url}/localities`);
    await page.getByTestId('csv').setInputFiles({
      name: 'dia-ban.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('Xã Khang Ninh,ward,Huyện Ba Bể\nxin lỗi, dòng này sai\nXã Nam Mẫu,ward,Huyện Ba Bể\n'),
    });
    await page.getByText('Đã thêm 2').waitFor();
    await page.locator('.tree li', { hasText: 'Xã Nam Mẫu' }).waitFor();

    await page.goto(`${t.url}/audit`);
    await page.getByTestId('audit').getByText('user.created').first().waitFor();
    await page.getByTestId('audit').getByText('organisation.created').first().waitFor();
    await context.close();
  });

  it('refuses a wrong code with the server’s sentence, in Vietnamese', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, t.url, operator.email);
    await page.goto(`${t.url}/pair?code=ZZZZZZ`);
    await page.getByLabel('Tên màn hình').fill('Màn hình thử');
    await page.getByRole('button', { name: 'Ghép', exact: true }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    const sentence = (await alert.textContent())!;
    expect(sentence.length).toBeGreaterThan(10);
    // the API's own words for a wrong code, in the console's language
    expect(sentence).toMatch(/mã/i);
    await context.close();
  });

  it('shows its main pages in Vietnamese with no English left, and in English when asked', async () => {
    // a Vietnamese message that is the English one is a fallback, but for names said alike in both
    const alike = (Object.keys(CATALOGUE.en) as MessageKey[]).filter((key) => CATALOGUE.vi[key] === CATALOGUE.en[key]);
    expect(alike).toEqual(['app.name', 'language.vi', 'language.en']);

    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(t.url);
    await page.getByRole('button', { name: 'Đăng nhập' }).waitFor();
    expect(await untranslated(page)).toEqual([]);
    // an administrator sees every page
    await signIn(page, t.url, w.provinceAdmin.email);
    const anyScreen = (
      await asUser(t, w.rootToken).post('/api/screens', busStationIn(w, { name: 'Màn hình kiểm tra ngôn ngữ' }))
    ).body as { id: string };
    for (const path of [
      '/screens',
      '/pair',
      '/library',
      '/campaigns',
      '/approvals',
      '/donations',
      '/emergencies',
      '/reports',
      '/reports/deployment',
      '/users',
      '/localities',
      '/audit',
      `/screens/${anyScreen.id}`,
    ]) {
      await page.goto(`${t.url}${path}`);
      await page.getByRole('button', { name: 'Đăng xuất' }).waitFor();
      await page.waitForLoadState('networkidle');
      expect({ path, untranslated: await untranslated(page) }).toEqual({ path, untranslated: [] });
      if (path === '/reports/deployment') await screenshot(page, 'console-deployment');
    }
    // the grid view too
    await page.goto(`${t.url}/screens`);
    await page.getByRole('button', { name: 'Lưới' }).click();
    expect(await untranslated(page)).toEqual([]);

    // English on request, kept across reloads
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    await page.reload();
    await page.getByRole('link', { name: 'Pair a screen' }).first().waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    await context.close();
  });
});
