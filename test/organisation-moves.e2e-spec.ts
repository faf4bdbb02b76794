import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { expandPlan, type PlaylistDocument } from '@loa/protocol';
import { describeEachEngine } from './support/engines.js';
import { FakeClock } from './support/fake-clock.js';
import { asUser, createUser, startSeededApp, type World } from './support/fixtures.js';
import { pairScreen, quietFor } from './support/players.js';
import { approvedCreative, busStationIn } from './support/screens.js';
import type { TestApp } from './support/test-app.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describeEachEngine('a locality moved to another district takes its campaigns and screens along', (engine) => {
  let t: TestApp;
  let w: World;
  const clock = new FakeClock();

  beforeAll(async () => {
    ({ t, w } = await startSeededApp(engine, { clock }, { PLAYLIST_COALESCE_MS: '50' }));
  });
  afterAll(async () => t?.close());

  it('plans the ward’s screens again: the new district’s campaign joins, the ward’s own stays and stays in its reach', async () => {
    const wardComms = await createUser(t, w.rootToken, {
      email: 'tt@chora.gov.vn',
      role: 'communications',
      organisationId: w.wardA.id,
    });
    const operator = await createUser(t, w.rootToken, {
      email: 'kt@chora.gov.vn',
      role: 'operator',
      organisationId: w.wardA.id,
    });
    const { screenId } = await pairScreen(t, operator.token, busStationIn(w));
    const poster = await approvedCreative(t, w, 'Cài đặt Bluezone', wardComms);
    const created = await asUser(t, wardComms.token).post('/api/campaigns', {
      name: 'Bluezone ở Chợ Rã',
      flightStart: new Date(clock.now().getTime() - HOUR).toISOString(),
      flightEnd: new Date(clock.now().getTime() + 3 * DAY).toISOString(),
      creatives: [{ creativeId: poster }],
      frequency: { kind: 'every', minutes: 15 },
    });
    expect(created.status).toBe(201);
    const campaignId = (created.body as { id: string }).id;
    // the district it moves to has a campaign of its own on every screen it holds
    const districtPoster = await approvedCreative(t, w, 'Khai báo y tế', w.commsB);
    const district = await asUser(t, w.commsB.token).post('/api/campaigns', {
      name: 'Khai báo y tế ở Chợ Đồn',
      flightStart: new Date(clock.now().getTime() - HOUR).toISOString(),
      flightEnd: new Date(clock.now().getTime() + 3 * DAY).toISOString(),
      creatives: [{ creativeId: districtPoster }],
      frequency: { kind: 'every', minutes: 20 },
    });
    expect(district.status).toBe(201);
    const districtCampaignId = (district.body as { id: string }).id;
    const held = async () =>
      (await asUser(t, operator.token).get(`/api/screens/${screenId}/playlist`)).body as PlaylistDocument;
    const hour = Math.ceil(clock.now().getTime() / HOUR) * HOUR + HOUR;
    const playsOf = (document: PlaylistDocument, id = campaignId) =>
      expandPlan(document.plan, hour, hour + HOUR).filter((p) => p.cue.campaignId === id).length;
    let before = await held();
    for (let i = 0; i < 50 && playsOf(before) === 0; i++) {
      await quietFor(100);
      before = await held();
    }
    expect(playsOf(before)).toBe(4);
    expect(playsOf(before, districtCampaignId)).toBe(0);

    const moved = await asUser(t, w.rootToken).patch(`/api/organisations/${w.wardA.id}`, { parentId: w.districtB.id });
    expect(moved.status).toBe(200);
    // the screen's paths changed: its playlist is made again, with its new district's campaign
    let after = await held();
    for (let i = 0; i < 50 && after.version === before.version; i++) {
      await quietFor(100);
      after = await held();
    }
    expect(after.version).not.toBe(before.version);
    expect(playsOf(after)).toBe(4);
    expect(playsOf(after, districtCampaignId)).toBe(3);
    expect((await asUser(t, wardComms.token).get(`/api/campaigns/${campaignId}`)).status).toBe(200);
    const reach = await asUser(t, wardComms.token).get(
      `/api/campaigns/${campaignId}/reach?from=${new Date(hour).toISOString()}&to=${new Date(hour + HOUR).toISOString()}`,
    );
    expect(reach.status).toBe(200);
    expect(reach.body).toMatchObject({ total: { screens: 1, plays: 4 } });
  });
});
