import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { expandPlan, type Play, type PlaylistDocument, playAt, SERVER_EVENTS, shortfallSeconds } from '@loa/protocol';
import { describeEachEngine } from './support/engines.js';
import { FakeClock } from './support/fake-clock.js';
import {
  asUser,
  createOrganisation,
  createUser,
  type SeededUser,
  startSeededApp,
  type World,
} from './support/fixtures.js';
import { onlineScreen, pairScreen, quietFor } from './support/players.js';
import { fixture, settled, upload } from './support/media.js';
import { approvedCreative, busStationIn } from './support/screens.js';
import type { TestApp } from './support/test-app.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describeEachEngine('scheduling: campaigns, donated airtime and emergencies reach the screens they affect', (engine) => {
  let t: TestApp;
  let w: World;
  let operator: SeededUser;
  let companyOperator: SeededUser;
  const clock = new FakeClock();
  const sockets: Array<{ disconnect(): void }> = [];
  let bluezone: string;
  let filler: string;
  let declaration: string;

  const online = async (token: string, fields: object) => {
    const paired = await pairScreen(t, token, fields);
    const screen = await onlineScreen(t.url, paired.deviceToken);
    sockets.push(screen.socket);
    return { ...paired, ...screen };
  };
  /** Whole clock hours from the next one on, inside [from, to). */
  const nextHour = () => Math.ceil(clock.now().getTime() / HOUR) * HOUR + HOUR;
  const count = (plays: readonly Play[], pick: (p: Play) => boolean) => plays.filter(pick).length;

  beforeAll(async () => {
    ({ t, w } = await startSeededApp(engine, { clock }, { PLAYLIST_COALESCE_MS: '50' }));
    operator = await createUser(t, w.rootToken, {
      email: 'vh@babe.gov.vn',
      role: 'operator',
      organisationId: w.districtA.id,
    });
    companyOperator = await createUser(t, w.rootToken, {
      email: 'kythuat@anhduong.vn',
      role: 'operator',
      organisationId: w.company.id,
    });
    bluezone = await approvedCreative(t, w, 'Cài đặt Bluezone – áp phích');
    declaration = await approvedCreative(t, w, 'Khai báo y tế điện tử');
    filler = await approvedCreative(t, w, 'Chào mừng đến Bắc Kạn');
    // district A's default content: what its screens play when nothing else is scheduled
    const entry = await asUser(t, w.adminA.token).post('/api/playlist-entries', {
      creativeId: filler,
      organisationId: w.districtA.id,
    });
    expect(entry.status).toBe(201);
  });

  afterAll(async () => {
    sockets.forEach((s) => s.disconnect());
    await t.close();
  });

  it('schedules a campaign every 15 minutes on its transit screens, fills the rest, and pushes it at once', async () => {
    const screen = await online(operator.token, busStationIn(w, { name: 'Bến xe Chợ Rã – màn hình 1' }));
    // before any campaign: the district's filler, in every slot of the screen's hours
    const start = nextHour();
    const initial = screen.playlist!;
    expect(initial.plan.loopSeconds).toBe(120);
    expect(expandPlan(initial.plan, start, start + HOUR).every((p) => p.cue.reason === 'filler')).toBe(true);

    // an elevator screen of the same district: not targeted, so it must receive nothing
    const elevator = await online(
      operator.token,
      busStationIn(w, { name: 'Thang máy UBND thị trấn Chợ Rã', kind: 'elevator', venue: null, tags: [] }),
    );
    // its first playlist may come twice (the push after pairing, and the answer to its hello)
    await quietFor(300);
    const elevatorHeld = elevator.inbox.count(SERVER_EVENTS.playlist);
    const res = await asUser(t, w.commsA.token).post('/api/campaigns', {
      name: 'Cài đặt Bluezone, tháng 8/2020',
      flightStart: new Date(clock.now().getTime() - HOUR).toISOString(),
      flightEnd: new Date(clock.now().getTime() + 3 * DAY).toISOString(),
      targeting: { kinds: ['transit'] },
      creatives: [{ creativeId: bluezone }, { creativeId: declaration, weight: 1, durationSeconds: 20 }],
      frequency: { kind: 'every', minutes: 15 },
    });
    expect(res.status).toBe(201);
    const campaign = res.body as { id: string; creatives: { title: string }[] };
    expect(campaign.creatives.map((c) => c.title)).toEqual(['Cài đặt Bluezone – áp phích', 'Khai báo y tế điện tử']);

    const pushed = await screen.inbox.next<PlaylistDocument>(SERVER_EVENTS.playlist);
    expect(pushed.items.map((i) => i.creativeId).sort()).toEqual([bluezone, declaration, filler].sort());
    await quietFor(300);
    expect(elevator.inbox.count(SERVER_EVENTS.playlist)).toBe(elevatorHeld);
    for (let hour = 0; hour < 24; hour++) {
      const plays = expandPlan(pushed.plan, start + hour * HOUR, start + (hour + 1) * HOUR);
      expect(count(plays, (p) => p.cue.campaignId === campaign.id)).toBe(4);
      // never black: the hour is covered end to end
      expect(plays.reduce((sum, p) => sum + (p.end - p.start), 0)).toBe(HOUR);
    }

    // the console's previews
    const from = new Date(start).toISOString();
    const to = new Date(start + HOUR).toISOString();
    const preview = await asUser(t, w.commsA.token).get(
      `/api/screens/${screen.screenId}/schedule?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`,
    );
    expect(preview.status).toBe(200);
    const scheduled = (preview.body as { plays: { campaignName: string | null; title: string; reason: string }[] })
      .plays;
    expect(scheduled.filter((p) => p.campaignName === 'Cài đặt Bluezone, tháng 8/2020')).toHaveLength(4);
    expect(scheduled.find((p) => p.reason === 'filler')?.title).toBe('Chào mừng đến Bắc Kạn');
    // a span shorter than a loop, mid-loop: the plays the screen holds for it, not an empty list
    const within = [start + HOUR + 45_000, start + HOUR + 65_000];
    const short = await asUser(t, w.commsA.token).get(
      `/api/screens/${screen.screenId}/schedule?from=${new Date(within[0]).toISOString()}&to=${new Date(within[1]).toISOString()}`,
    );
    expect(short.status).toBe(200);
    expect((short.body as { plays: { start: string; creativeId: string }[] }).plays).toEqual(
      expandPlan(pushed.plan, within[0], within[1]).map((p) =>
        expect.objectContaining({ start: new Date(p.start).toISOString(), creativeId: p.cue.creativeId }),
      ),
    );

    const reach = await asUser(t, w.commsA.token).get(
      `/api/campaigns/${campaign.id}/reach?from=${encodeURIComponent(from)}&to=${encodeURIComponent(
        new Date(start + DAY).toISOString(),
      )}`,
    );
    expect(reach.status).toBe(200);
    const body = reach.body as {
      total: { plays: number; screens: number };
      byLocality: { name: string }[];
      byKind: { key: string }[];
    };
    expect(body.total.screens).toBeGreaterThanOrEqual(1);
    expect(body.total.plays).toBe(body.total.screens * 96);
    expect(body.byLocality.map((r) => r.name)).toContain('Thị trấn Chợ Rã');
    expect(body.byKind.map((r) => r.key)).toEqual(['transit']);

    // paused: off the screen at once
    expect((await asUser(t, w.commsA.token).patch(`/api/campaigns/${campaign.id}`, { status: 'paused' })).status).toBe(
      200,
    );
    const paused = await screen.inbox.next<PlaylistDocument>(SERVER_EVENTS.playlist);
    expect(count(expandPlan(paused.plan, start, start + HOUR), (p) => p.cue.campaignId === campaign.id)).toBe(0);
  });

  it('refuses what cannot be scheduled, and keeps campaigns within their scope', async () => {
    const comms = asUser(t, w.commsA.token);
    const base = {
      name: 'Chiến dịch thử',
      flightStart: '2020-08-10T00:00:00+07:00',
      flightEnd: '2020-08-31T23:59:59+07:00',
      creatives: [{ creativeId: bluezone }],
    };
    const draftUpload = await upload(t, w.commsA.token, fixture('led-768x384.webp'), { title: 'Bản nháp' });
    const draft = (draftUpload.body as { id: string }).id;
    await settled(t, w.commsA.token, draft);
    const refusals: Array<[object, number, RegExp?]> = [
      [{ ...base, flightEnd: '2020-08-01T00:00:00+07:00' }, 400, /end after it starts/],
      [{ ...base, creatives: [] }, 400],
      [{ ...base, creatives: [{ creativeId: draft }] }, 400, /not approved and processed/],
      [{ ...base, dayparts: [{ days: [1], from: '08:00', to: '08:00' }] }, 400, /dayparts/],
      [{ ...base, frequency: { kind: 'every' } }, 400],
      [{ ...base, priority: 'urgent' }, 400],
      [{ ...base, targeting: { localityIds: [w.districtB.id] } }, 404],
      [{ ...base, qrUrl: 'javascript:alert(1)' }, 400, /qrUrl/],
      [{ ...base, ticker: 'x'.repeat(301) }, 400, /ticker/],
      [{ ...base, qrCaption: '   ' }, 400, /qrCaption/],
    ];
    for (const [body, status, message] of refusals) {
      const res = await comms.post('/api/campaigns', body);
      expect([res.status, JSON.stringify(body)]).toEqual([status, JSON.stringify(body)]);
      if (message) expect(res.body.message).toMatch(message);
    }
    const created = await comms.post('/api/campaigns', base);
    expect(created.status).toBe(201);
    const id = (created.body as { id: string }).id;
    // district B cannot see it; an advertiser cannot schedule campaigns
    expect((await asUser(t, w.commsB.token).get(`/api/campaigns/${id}`)).status).toBe(404);
    expect((await asUser(t, w.advertiser.token).post('/api/campaigns', base)).status).toBe(403);
    // a creative a campaign uses cannot be deleted; the refusal names the campaign
    const refused = await comms.delete(`/api/creatives/${bluezone}`);
    expect(refused.status).toBe(409);
    expect(JSON.stringify(refused.body)).toContain('Chiến dịch thử');
    // the refusal is in Vietnamese by default
    const vi = await t
      .http()
      .post('/api/campaigns')
      .auth(w.commsA.token, { type: 'bearer' })
      .set('Accept-Language', 'vi')
      .send({ ...base, flightEnd: '2020-08-01T00:00:00+07:00' });
    expect(vi.body.message).toMatch(/Chiến dịch không hợp lệ/);
  });

  it('fills airtime a company donates with public-service campaigns, records a shortfall, and stops at withdrawal', async () => {
    const screen = await online(companyOperator.token, {
      name: 'Màn hình LED Ánh Dương – chợ Đồn',
      kind: 'transit',
      organisationId: w.company.id,
      localityId: w.districtB.id,
      venue: 'Chợ Bằng Lũng',
    });
    // the company's own default content (a system administrator puts it there: advertisers do not upload)
    const entry = await asUser(t, w.rootToken).post('/api/playlist-entries', {
      creativeId: filler,
      screenId: screen.screenId,
    });
    expect(entry.status).toBe(201);
    const posterB = await approvedCreative(t, w, 'Bluezone – Chợ Đồn', w.commsB);
    const clipB = await approvedCreative(t, w, 'Khai báo y tế – Chợ Đồn', w.commsB);
    await screen.inbox.next<PlaylistDocument>(SERVER_EVENTS.playlist);
    // district B's public-service campaign cannot take the company's airtime by itself
    const campaign = await asUser(t, w.commsB.token).post('/api/campaigns', {
      name: 'Bluezone – huyện Chợ Đồn',
      flightStart: new Date(clock.now().getTime() - HOUR).toISOString(),
      flightEnd: new Date(clock.now().getTime() + 2 * DAY).toISOString(),
      targeting: { localityIds: [w.districtB.id] },
      creatives: [{ creativeId: posterB }],
      acceptsDonations: true,
    });
    expect(campaign.status).toBe(201);
    const campaignId = (campaign.body as { id: string }).id;
    await quietFor(300);
    const start = nextHour();
    const before = screen.inbox.all<PlaylistDocument>(SERVER_EVENTS.playlist).at(-1)!;
    expect(screen.inbox.count(SERVER_EVENTS.playlist)).toBe(2);
    expect(count(expandPlan(before.plan, start, start + HOUR), (p) => p.cue.campaignId === campaignId)).toBe(0);

    // the advertiser donates 10 s of every 2-minute loop to the pool
    const listed = await asUser(t, w.advertiser.token).get('/api/campaigns?acceptingDonations=true');
    expect((listed.body as { id: string }[]).map((c) => c.id)).toContain(campaignId);
    const donation = await asUser(t, w.advertiser.token).post('/api/donations', {
      secondsPerLoop: 10,
      startsAt: new Date(clock.now().getTime() - HOUR).toISOString(),
      endsAt: new Date(clock.now().getTime() + DAY).toISOString(),
    });
    expect(donation.status).toBe(201);
    const donationId = (donation.body as { id: string }).id;
    const donated = await screen.inbox.next<PlaylistDocument>(SERVER_EVENTS.playlist);
    const hour = expandPlan(donated.plan, start, start + HOUR);
    expect(count(hour, (p) => p.cue.donationId === donationId && p.cue.campaignId === campaignId)).toBe(30);
    expect(count(hour, (p) => p.cue.reason === 'filler')).toBe(30 * 11);
    // the donor's forecast: what the donation will deliver in that hour, by campaign
    const window = `from=${encodeURIComponent(new Date(start).toISOString())}&to=${encodeURIComponent(
      new Date(start + HOUR).toISOString(),
    )}`;
    const forecast = await asUser(t, w.advertiser.token).get(`/api/donations/${donationId}/forecast?${window}`);
    expect(forecast.status).toBe(200);
    expect(forecast.body).toMatchObject({ screens: 1, plays: 30, airtimeSeconds: 300, shortfallSeconds: 0 });
    expect((forecast.body as { byCampaign: { name: string }[] }).byCampaign.map((c) => c.name)).toEqual([
      'Bluezone – huyện Chợ Đồn',
    ]);
    // the recipient sees the donation; another district does not
    expect((await asUser(t, w.commsB.token).get(`/api/donations/${donationId}`)).status).toBe(200);
    expect((await asUser(t, w.commsA.token).get(`/api/donations/${donationId}`)).status).toBe(404);

    // 5 slots an hour of 10 s to a campaign whose only creative takes 20 s: two plays, and a slot
    // nothing fits, recorded as the shortfall
    const long = await asUser(t, w.commsB.token).post('/api/campaigns', {
      name: 'Khai báo y tế – Chợ Đồn',
      flightStart: new Date(clock.now().getTime() - HOUR).toISOString(),
      flightEnd: new Date(clock.now().getTime() + 2 * DAY).toISOString(),
      creatives: [{ creativeId: clipB, durationSeconds: 20 }],
      acceptsDonations: true,
    });
    expect(long.status).toBe(201);
    const short = await asUser(t, w.advertiser.token).post('/api/donations', {
      campaignId: (long.body as { id: string }).id,
      slotsPerHour: 5,
      startsAt: new Date(clock.now().getTime() - HOUR).toISOString(),
    });
    expect(short.status).toBe(201);
    const withShortfall = await screen.inbox.next<PlaylistDocument>(SERVER_EVENTS.playlist);
    // the plan leaves it to the filling, as the player's plays
    const { plan } = withShortfall;
    expect(shortfallSeconds(plan, plan.from, plan.to).get((short.body as { id: string }).id)).toBeGreaterThan(0);
    const unfilled = await asUser(t, w.advertiser.token).get(
      `/api/donations/${(short.body as { id: string }).id}/forecast?${window}`,
    );
    expect(unfilled.body).toMatchObject({ plays: 2, airtimeSeconds: 40, shortfallSeconds: 10 });

    // withdrawn: from the next loop on, the slots are the company's again
    const withdrawn = await asUser(t, w.advertiser.token).post(`/api/donations/${donationId}/withdraw`);
    expect(withdrawn.status).toBe(200);
    expect((await asUser(t, w.advertiser.token).post(`/api/donations/${donationId}/withdraw`)).status).toBe(409);
    const after = await screen.inbox.next<PlaylistDocument>(SERVER_EVENTS.playlist);
    expect(count(expandPlan(after.plan, start, start + HOUR), (p) => p.cue.donationId === donationId)).toBe(0);
    // donating on screens you do not own is impossible: the donor is your own organisation
    expect(
      (
        await asUser(t, w.advertiser.token).post('/api/donations', {
          secondsPerLoop: 10,
          startsAt: new Date().toISOString(),
          organisationId: w.districtA.id,
        })
      ).status,
    ).toBe(404);
  });

  it('caps a donation per screen per local day: the plan carries the days, the player and the forecast count them', async () => {
    const screen = await online(companyOperator.token, {
      name: 'Màn hình Ánh Dương – bến xe Bắc Kạn',
      kind: 'transit',
      organisationId: w.company.id,
      localityId: w.districtB.id,
      timezone: 'Asia/Ho_Chi_Minh',
    });
    const poster = await approvedCreative(t, w, 'Bluezone – bến xe', w.commsB);
    const campaign = await asUser(t, w.commsB.token).post('/api/campaigns', {
      name: 'Bluezone – bến xe Bắc Kạn',
      flightStart: new Date(clock.now().getTime() - DAY).toISOString(),
      flightEnd: new Date(clock.now().getTime() + 4 * DAY).toISOString(),
      creatives: [{ creativeId: poster }],
      acceptsDonations: true,
    });
    expect(campaign.status).toBe(201);
    // 10 s of every 2-minute loop (30 plays an hour), at most 12 a day on each screen
    const donation = await asUser(t, w.advertiser.token).post('/api/donations', {
      campaignId: (campaign.body as { id: string }).id,
      secondsPerLoop: 10,
      maxPlaysPerDay: 12,
      startsAt: new Date(clock.now().getTime() - DAY).toISOString(),
    });
    expect(donation.status).toBe(201);
    const donationId = (donation.body as { id: string }).id;
    let document = await screen.inbox.next<PlaylistDocument>(SERVER_EVENTS.playlist);
    while (!document.plan.donations?.some((d) => d.id === donationId))
      document = await screen.inbox.next<PlaylistDocument>(SERVER_EVENTS.playlist);
    const { plan } = document;
    // the screen's local days (Ho Chi Minh City: from 17:00 UTC), the first begun before the window
    const days = plan.days!;
    expect(days.length).toBeGreaterThanOrEqual(15);
    expect(days[0]).toBeLessThanOrEqual(plan.from);
    expect(days.slice(1).every((day, i) => day - days[i] === DAY && new Date(day).getUTCHours() === 17)).toBe(true);
    // what the player plays: 12 of the donation's plays in each whole local day, none after the twelfth
    const mine = (from: number, to: number) =>
      expandPlan(plan, from, to).filter((p) => p.cue.donationId === donationId && p.start >= from);
    for (const day of days.slice(1, 4)) {
      const plays = mine(day, day + DAY);
      expect(plays).toHaveLength(12);
      expect(plays.at(-1)!.start).toBeLessThan(day + HOUR);
      expect(playAt(plan, day + 2 * HOUR)?.cue.donationId).not.toBe(donationId);
    }
    // the donor's forecast counts the same way
    const window = `from=${encodeURIComponent(new Date(days[1]).toISOString())}&to=${encodeURIComponent(
      new Date(days[3]).toISOString(),
    )}`;
    const forecast = await asUser(t, w.advertiser.token).get(`/api/donations/${donationId}/forecast?${window}`);
    expect(forecast.status).toBe(200);
    // (the company's screens in the same zone: this one and, run with the rest of the file, the last test's)
    const { screens, plays } = forecast.body as { screens: number; plays: number };
    expect(screens).toBeGreaterThan(0);
    expect(plays).toBe(screens * 2 * 12);
  });

  it('takes over a district’s screens at once in an emergency, and restores them on the all clear', async () => {
    const screen = await online(operator.token, busStationIn(w, { name: 'Bến xe Chợ Rã – màn hình 2' }));
    const message = { text: 'Khẩn: phong tỏa tổ 5 thị trấn Chợ Rã. Người dân ở yên tại nhà.' };
    // communications staff need the designation
    expect((await asUser(t, w.commsA.token).post('/api/emergencies', { title: 'Phong tỏa', message })).status).toBe(
      403,
    );
    // the designation is an administrator's to give, not one's own to take
    const designate = (token: string) =>
      asUser(t, token).patch(`/api/users/${w.commsA.id}`, { mayTriggerEmergencies: true });
    expect((await designate(w.commsA.token)).status).toBe(403);
    expect((await designate(w.adminA.token)).status).toBe(200);
    const triggered = await asUser(t, w.commsA.token).post('/api/emergencies', {
      title: 'Phong tỏa tổ 5',
      localityIds: [w.wardA.id],
      message,
    });
    expect(triggered.status).toBe(201);
    const emergency = triggered.body as { id: string; active: boolean };
    expect(emergency.active).toBe(true);
    const takeover = await screen.inbox.next<PlaylistDocument>(SERVER_EVENTS.playlist);
    const now = clock.now().getTime();
    const during = expandPlan(takeover.plan, now, now + HOUR);
    expect(during.length).toBeGreaterThan(0);
    expect(during.every((p) => p.cue.reason === 'emergency' && p.cue.message?.text === message.text)).toBe(true);
    // district B's screens are not taken over
    const list = await asUser(t, w.commsB.token).get('/api/emergencies');
    expect((list.body as { id: string }[]).map((e) => e.id)).not.toContain(emergency.id);

    clock.advance(5 * 60_000);
    const cancelled = await asUser(t, w.adminA.token).post(`/api/emergencies/${emergency.id}/cancel`);
    expect(cancelled.status).toBe(200);
    expect((cancelled.body as { active: boolean }).active).toBe(false);
    const restored = await screen.inbox.next<PlaylistDocument>(SERVER_EVENTS.playlist);
    const at = clock.now().getTime() + 1000;
    expect(playAt(restored.plan, at)?.cue.reason).not.toBe('emergency');
    expect((await asUser(t, w.adminA.token).post(`/api/emergencies/${emergency.id}/cancel`)).status).toBe(409);
  });

  it('shows a province’s emergency to the district whose screens it takes over, which cannot lift it', async () => {
    const screen = await online(operator.token, busStationIn(w, { name: 'Bến xe Chợ Rã – màn hình 3' }));
    const triggered = await asUser(t, w.provinceAdmin.token).post('/api/emergencies', {
      title: 'Tỉnh: phong tỏa thị trấn Chợ Rã',
      localityIds: [w.wardA.id],
      message: { text: 'Khẩn: người dân thị trấn Chợ Rã ở yên tại nhà.' },
    });
    expect(triggered.status).toBe(201);
    const id = (triggered.body as { id: string }).id;
    await screen.inbox.next<PlaylistDocument>(SERVER_EVENTS.playlist);
    const listed = async (token: string) =>
      ((await asUser(t, token).get('/api/emergencies')).body as { id: string; raisedAbove: boolean }[]).find(
        (e) => e.id === id,
      );
    // district A's staff see why their screen shows it; district B's screens are not reached
    expect(await listed(w.commsA.token)).toMatchObject({ raisedAbove: true, active: true });
    expect(await listed(w.adminA.token)).toMatchObject({ raisedAbove: true });
    expect(await listed(w.commsB.token)).toBeUndefined();
    expect(await listed(w.provinceAdmin.token)).toMatchObject({ raisedAbove: false });
    // only the province gives the all clear
    expect((await asUser(t, w.adminA.token).post(`/api/emergencies/${id}/cancel`)).status).toBe(404);
    expect((await asUser(t, w.provinceAdmin.token).post(`/api/emergencies/${id}/cancel`)).status).toBe(200);
    await screen.inbox.next<PlaylistDocument>(SERVER_EVENTS.playlist);
    // over: it stays in the province's list, and leaves the district's
    expect(await listed(w.commsA.token)).toBeUndefined();
    expect(await listed(w.provinceAdmin.token)).toMatchObject({ active: false });

    // a company's screen standing in a new ward of district A: the district sees it, so sees its alert
    const ward = await createOrganisation(t, w.rootToken, {
      name: 'Phường Nam Cường',
      kind: 'ward',
      parentId: w.districtA.id,
    });
    const standing = await online(companyOperator.token, {
      name: 'Màn hình Ánh Dương – Nam Cường',
      kind: 'transit',
      organisationId: w.company.id,
      localityId: ward.id,
    });
    const timed = await asUser(t, w.provinceAdmin.token).post('/api/emergencies', {
      title: 'Tỉnh: phong tỏa phường Nam Cường',
      localityIds: [ward.id],
      message: { text: 'Khẩn: phong tỏa phường Nam Cường.' },
      endsAt: new Date(clock.now().getTime() + 10 * 60_000).toISOString(),
    });
    expect(timed.status).toBe(201);
    await standing.inbox.next<PlaylistDocument>(SERVER_EVENTS.playlist);
    const timedId = (timed.body as { id: string }).id;
    const listedTimed = async (token: string) =>
      ((await asUser(t, token).get('/api/emergencies')).body as { id: string }[]).find((e) => e.id === timedId);
    expect(await listedTimed(w.commsA.token)).toMatchObject({ raisedAbove: true });
    // and once its time is over, no more
    clock.advance(11 * 60_000);
    expect(await listedTimed(w.commsA.token)).toBeUndefined();
    expect(await listedTimed(w.provinceAdmin.token)).toMatchObject({ active: false });
  });

  it('lets administrators change a kind’s loop, and refuses loops that do not divide an hour', async () => {
    const admin = asUser(t, w.rootToken);
    expect((await admin.get('/api/loop-policies')).body).toEqual(
      expect.arrayContaining([{ key: 'kind:elevator', loopSeconds: 60, slotSeconds: 10 }]),
    );
    const put = (key: string, body: object) =>
      t.http().put(`/api/loop-policies/${key}`).auth(w.rootToken, { type: 'bearer' }).send(body);
    expect((await put('kind:transit', { loopSeconds: 70, slotSeconds: 10 })).status).toBe(400);
    expect((await put('kind:transit', { loopSeconds: 120, slotSeconds: 7 })).status).toBe(400);
    expect((await put('kind:tivi', { loopSeconds: 120, slotSeconds: 10 })).status).toBe(400);
    expect(
      (
        await t
          .http()
          .put('/api/loop-policies/kind:transit')
          .auth(w.commsA.token, { type: 'bearer' })
          .send({ loopSeconds: 60, slotSeconds: 10 })
      ).status,
    ).toBe(403);
    const screen = await online(operator.token, busStationIn(w, { name: 'Bến xe Chợ Rã – màn hình 3' }));
    expect((await put('kind:transit', { loopSeconds: 60, slotSeconds: 5 })).status).toBe(200);
    const changed = await screen.inbox.next<PlaylistDocument>(SERVER_EVENTS.playlist);
    expect([changed.plan.loopSeconds, changed.plan.slotSeconds]).toEqual([60, 5]);
    await put('kind:transit', { loopSeconds: 120, slotSeconds: 10 });
  });
});
