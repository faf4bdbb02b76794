import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { describeEachEngine } from './support/engines.js';
import { FakeClock } from './support/fake-clock.js';
import { asUser, createUser, type SeededUser, startSeededApp, type World } from './support/fixtures.js';
import { pairScreen } from './support/players.js';
import { approvedCreative, busStationIn } from './support/screens.js';
import type { TestApp } from './support/test-app.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describeEachEngine('scheduling: what the campaign, donation and emergency endpoints refuse', (engine) => {
  let t: TestApp;
  let w: World;
  let companyOperator: SeededUser;
  const clock = new FakeClock();
  let poster: string;
  let campaignId: string;
  const soon = () => ({
    startsAt: new Date(clock.now().getTime() - HOUR).toISOString(),
    endsAt: new Date(clock.now().getTime() + DAY).toISOString(),
  });

  beforeAll(async () => {
    ({ t, w } = await startSeededApp(engine, { clock }, { PLAYLIST_COALESCE_MS: '50' }));
    companyOperator = await createUser(t, w.rootToken, {
      email: 'kythuat@anhduong.vn',
      role: 'operator',
      organisationId: w.company.id,
    });
    // the company's station screen stands in district B, which its own subtree does not hold
    await pairScreen(t, companyOperator.token, {
      ...busStationIn(w),
      organisationId: w.company.id,
      localityId: w.districtB.id,
    });
    poster = await approvedCreative(t, w, 'Cài đặt Bluezone');
    const res = await asUser(t, w.commsA.token).post('/api/campaigns', {
      name: 'Cài đặt Bluezone, tháng 8/2020',
      flightStart: new Date(clock.now().getTime() - HOUR).toISOString(),
      flightEnd: new Date(clock.now().getTime() + 3 * DAY).toISOString(),
      creatives: [{ creativeId: poster }],
      acceptsDonations: true,
    });
    expect(res.status).toBe(201);
    campaignId = (res.body as { id: string }).id;
  });
  afterAll(async () => t?.close());

  it('refuses null for a campaign field that cannot be empty, and a change of owner, and keeps the campaign', async () => {
    const comms = asUser(t, w.commsA.token);
    for (const body of [
      { name: null },
      { priority: null },
      { acceptsDonations: null },
      { creatives: null },
      { targeting: null },
      { flightStart: null },
      { organisationId: w.wardA.id },
    ]) {
      const res = await comms.patch(`/api/campaigns/${campaignId}`, body);
      expect({ body, status: res.status }).toEqual({ body, status: 400 });
    }
    const after = await comms.get(`/api/campaigns/${campaignId}`);
    expect(after.body).toMatchObject({
      name: 'Cài đặt Bluezone, tháng 8/2020',
      priority: 'campaign',
      acceptsDonations: true,
      organisationId: w.districtA.id,
    });
    // what may be empty still can be emptied
    expect((await comms.patch(`/api/campaigns/${campaignId}`, { frequency: null, ticker: null })).status).toBe(200);
  });

  it('lets an advertiser narrow a donation to its screens in a locality outside its own subtree', async () => {
    const advertiser = asUser(t, w.advertiser.token);
    const there = await advertiser.post('/api/donations', {
      ...soon(),
      secondsPerLoop: 10,
      targeting: { localityIds: [w.districtB.id] },
    });
    expect(there.status).toBe(201);
    // a locality where it has no screen stays unknown to it
    const elsewhere = await advertiser.post('/api/donations', {
      ...soon(),
      secondsPerLoop: 10,
      targeting: { localityIds: [w.districtA.id] },
    });
    expect(elsewhere.status).toBe(404);
  });

  it('refuses a donation that has already ended, and withdrawing one that has', async () => {
    const advertiser = asUser(t, w.advertiser.token);
    const past = await advertiser.post('/api/donations', {
      secondsPerLoop: 10,
      startsAt: '2020-01-01T00:00:00Z',
      endsAt: '2020-01-02T00:00:00Z',
    });
    expect(past.status).toBe(400);
    const short = await advertiser.post('/api/donations', {
      secondsPerLoop: 10,
      startsAt: new Date(clock.now().getTime() - HOUR).toISOString(),
      endsAt: new Date(clock.now().getTime() + HOUR).toISOString(),
    });
    expect(short.status).toBe(201);
    clock.advance(2 * HOUR);
    const id = (short.body as { id: string }).id;
    const withdrawn = await advertiser.post(`/api/donations/${id}/withdraw`);
    expect(withdrawn.status).toBe(409);
    expect((withdrawn.body as { message: string }).message).toMatch(/already ended/);
    expect((await advertiser.get(`/api/donations/${id}`)).body).toMatchObject({ withdrawnAt: null });
  });

  it('refuses a donation to a paused campaign or one whose flight is outside its dates, and takes it once resumed', async () => {
    const comms = asUser(t, w.commsA.token);
    const advertiser = asUser(t, w.advertiser.token);
    const count = async () => ((await advertiser.get('/api/donations')).body as unknown[]).length;
    const before = await count();
    expect((await comms.patch(`/api/campaigns/${campaignId}`, { status: 'paused' })).status).toBe(200);
    const paused = await advertiser.post('/api/donations', { ...soon(), secondsPerLoop: 10, campaignId });
    expect(paused.status).toBe(409);
    expect((paused.body as { message: string }).message).toMatch(/"Cài đặt Bluezone, tháng 8\/2020" is paused/);
    expect((await comms.patch(`/api/campaigns/${campaignId}`, { status: 'active' })).status).toBe(200);
    // the campaign's flight ends within three days of the start: a donation for the week after has nothing to carry
    const weekAfter = clock.now().getTime() + 7 * DAY;
    const outside = await advertiser.post('/api/donations', {
      secondsPerLoop: 10,
      campaignId,
      startsAt: new Date(weekAfter).toISOString(),
      endsAt: new Date(weekAfter + DAY).toISOString(),
    });
    expect(outside.status).toBe(400);
    expect((outside.body as { message: string }).message).toMatch(/runs from .* UTC to .* UTC/);
    expect(await count()).toBe(before);
    // one that overlaps the flight is taken, even where it runs on past its end
    const overlapping = await advertiser.post('/api/donations', {
      secondsPerLoop: 10,
      campaignId,
      startsAt: clock.now().toISOString(),
      endsAt: new Date(weekAfter).toISOString(),
    });
    expect(overlapping.status).toBe(201);
    expect(await count()).toBe(before + 1);
  });

  it('refuses an emergency that has already ended', async () => {
    const admin = asUser(t, w.adminA.token);
    const past = await admin.post('/api/emergencies', {
      title: 'Ngập úng',
      message: { text: 'Tránh xa khu vực ngập' },
      startsAt: '2020-01-01T00:00:00Z',
      endsAt: '2020-01-02T00:00:00Z',
    });
    expect(past.status).toBe(400);
    expect((await admin.get('/api/emergencies')).body).toEqual([]);
  });

  it('refuses to delete a creative an emergency showed, naming the emergency', async () => {
    const admin = asUser(t, w.adminA.token);
    const warning = await approvedCreative(t, w, 'Cảnh báo lũ quét');
    const emergency = await admin.post('/api/emergencies', { title: 'Lũ quét', creativeId: warning });
    expect(emergency.status).toBe(201);
    expect((await admin.post(`/api/emergencies/${(emergency.body as { id: string }).id}/cancel`)).status).toBe(200);
    const deleted = await asUser(t, w.commsA.token).delete(`/api/creatives/${warning}`);
    expect(deleted.status).toBe(409);
    expect(JSON.stringify(deleted.body)).toContain('Lũ quét');
  });
});
