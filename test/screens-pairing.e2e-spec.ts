import { afterAll, beforeAll, expect, it } from '@jest/globals';
import {
  type Ack,
  expandPlan,
  PLAYER_EVENTS,
  type ProtocolError,
  type Revoked,
  SERVER_EVENTS,
  type Welcome,
} from '@loa/protocol';
import { PlaylistTriggers } from '../apps/server/src/playback/playlist-triggers.js';
import { describeEachEngine } from './support/engines.js';
import { FakeClock } from './support/fake-clock.js';
import { asUser, createUser, startSeededApp, type SeededUser, type World } from './support/fixtures.js';
import {
  connected,
  connectPlayer,
  hello,
  HELLO,
  onlineScreen,
  pairScreen,
  quietFor,
  waitingPlayer,
} from './support/players.js';
import { approvedCreative, busStationIn } from './support/screens.js';
import type { TestApp } from './support/test-app.js';

describeEachEngine('screens: pairing, device tokens and the player connection', (engine) => {
  let t: TestApp;
  let w: World;
  const clock = new FakeClock();
  let operatorA: SeededUser;
  let operatorB: SeededUser;
  const sockets: Array<{ disconnect(): void }> = [];
  const track = <T extends { socket: { disconnect(): void } }>(player: T): T => {
    sockets.push(player.socket);
    return player;
  };

  beforeAll(async () => {
    ({ t, w } = await startSeededApp(engine, { clock }, { PAIRING_CLAIM_LIMIT: '5' }));
    operatorA = await createUser(t, w.rootToken, {
      email: 'vh@babe.gov.vn',
      role: 'operator',
      organisationId: w.districtA.id,
    });
    operatorB = await createUser(t, w.rootToken, {
      email: 'vh@chodon.gov.vn',
      role: 'operator',
      organisationId: w.districtB.id,
    });
  });

  afterAll(async () => {
    sockets.forEach((s) => s.disconnect());
    await t.close();
  });

  it('pairs a new player: code → claim → token over the socket → playlist on hello', async () => {
    const creativeId = await approvedCreative(t, w);
    const waiting = track(await waitingPlayer(t.url));
    expect(waiting.code.code).toMatch(/^[0-9A-HJKMNP-TV-Z]{6}$/);
    expect(Date.parse(waiting.code.expiresAt) - clock.now().getTime()).toBeGreaterThan(9 * 60_000);
    expect(waiting.code.claimUrl).toBe(`${waiting.code.serverUrl}/pair?code=${waiting.code.code}`);
    expect(waiting.code.qrSvg).toMatch(/^<svg[^>]*>.*<\/svg>\s*$/s);

    // typed the way people type it: lower case, with the dash the screen shows
    const typed = `${waiting.code.code.slice(0, 3)}-${waiting.code.code.slice(3)}`.toLowerCase();
    const claim = await asUser(t, operatorA.token).post('/api/screens/claim', { code: typed, ...busStationIn(w) });
    expect(claim.status).toBe(201);
    expect(claim.body).toMatchObject({
      created: true,
      screen: {
        name: 'Bến xe khách Chợ Rã – cửa ra bến',
        kind: 'transit',
        profileKey: 'transit-1920x1080',
        paired: true,
      },
    });
    const paired = await waiting.paired;
    expect(paired).toMatchObject({ screenId: claim.body.screen.id, screenName: 'Bến xe khách Chợ Rã – cửa ra bến' });
    expect(paired.deviceToken).toMatch(/^loa_dev_[\w-]{43}$/);
    waiting.socket.disconnect();

    const entry = await asUser(t, operatorA.token).post('/api/playlist-entries', {
      creativeId,
      screenId: paired.screenId,
      durationSeconds: 15,
    });
    expect(entry.status).toBe(201);
    // the pushes pairing and the assignment caused are done: what follows the hello is its answer
    await t.app.get(PlaylistTriggers).settled();

    const screen = track(await onlineScreen(t.url, paired.deviceToken));
    expect(screen.welcome).toMatchObject({ screenId: paired.screenId, playlistFollows: true, heartbeatSeconds: 30 });
    const playlist = screen.playlist!;
    expect(playlist.version).toMatch(/^[0-9a-f]{64}$/);
    expect(playlist.timezone).toBe('Asia/Ho_Chi_Minh');
    expect(playlist.items).toHaveLength(1);
    expect(playlist.items[0]).toMatchObject({ creativeId, kind: 'image' });
    // a 15 s poster takes two 10 s slots of the transit loop, in every slot of the hour
    const now = Date.now();
    const plays = expandPlan(playlist.plan, now, now + 3_600_000).filter((p) => p.cue.creativeId === creativeId);
    expect(plays.length).toBeGreaterThanOrEqual(179);
    expect(plays.every((p) => p.cut || p.end - p.start === 20_000)).toBe(true);
    // the files made for this screen's profile, in the formats players take
    expect(playlist.items[0].renditions.map((r) => r.mimeType).sort()).toEqual(['image/jpeg', 'image/webp']);
    for (const r of playlist.items[0].renditions) {
      expect(r.profiles).toContain('transit-1920x1080');
      const media = await t.http().get(r.url);
      expect(media.status).toBe(200);
      expect(media.headers['content-type']).toBe(r.mimeType);
    }

    // the token is stored as a hash only, and the claim is audited
    const audit = await asUser(t, w.rootToken).get(`/api/audit?objectId=${paired.screenId}`);
    expect(audit.body.items.map((e: { action: string }) => e.action)).toEqual(
      expect.arrayContaining(['screen.created', 'screen.paired']),
    );
    expect(JSON.stringify(audit.body)).not.toContain(paired.deviceToken);
  });

  it('sends nothing new after a server restart when the player’s version is current', async () => {
    const { deviceToken } = await pairScreen(
      t,
      operatorA.token,
      busStationIn(w, { name: 'Thang máy UBND huyện', kind: 'elevator' }),
    );
    const first = track(await onlineScreen(t.url, deviceToken));
    const version = first.playlist!.version;
    first.socket.disconnect();

    const player = track(connectPlayer(t.url, deviceToken, { reconnection: true }));
    await connected(player.inbox);
    await t.restart();
    await player.inbox.next('disconnect', 10_000);
    await player.inbox.next('connect', 10_000);
    const answer = await hello(player.socket, version);
    expect(answer).toMatchObject({ ok: true, data: { playlistFollows: false } });
    await quietFor(500);
    expect(player.inbox.count(SERVER_EVENTS.playlist)).toBe(0);
  });

  it('disconnects a revoked device within a second and sends it back to pairing', async () => {
    const { screenId, deviceToken } = await pairScreen(
      t,
      operatorA.token,
      busStationIn(w, { name: 'Màn hình chợ Rã' }),
    );
    const screen = track(await onlineScreen(t.url, deviceToken));
    const started = performance.now();
    const revoked = await asUser(t, operatorA.token).post(`/api/screens/${screenId}/revoke`);
    expect(revoked.status).toBe(200);
    expect(revoked.body).toMatchObject({ paired: false });
    expect(await screen.inbox.next<Revoked>(SERVER_EVENTS.revoked, 1000)).toEqual({ reason: 'revoked' });
    expect(await screen.inbox.next('disconnect', 1000)).toBe('io server disconnect');
    expect(performance.now() - started).toBeLessThan(1000);

    // the old token opens nothing any more
    const again = track(connectPlayer(t.url, deviceToken));
    const refused = await again.inbox.next<Error & { data: ProtocolError }>('connect_error');
    expect(refused.data).toMatchObject({ code: 'unauthorised' });
    expect(refused.message).toMatch(/ghép lại/);
    // and without it, the player is shown a code again
    const back = track(await waitingPlayer(t.url));
    expect(back.code.code).toHaveLength(6);
  });

  it('moves a screen to new hardware: the old device is cut off, the new one takes its identity', async () => {
    const { screenId, deviceToken: oldToken } = await pairScreen(
      t,
      operatorA.token,
      busStationIn(w, { name: 'LED ngã ba Chợ Rã', kind: 'led_outdoor' }),
    );
    const old = track(await onlineScreen(t.url, oldToken));
    const replacement = track(await waitingPlayer(t.url));
    const res = await asUser(t, operatorA.token).post(`/api/screens/${screenId}/replace-device`, {
      code: replacement.code.code,
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      created: false,
      screen: { id: screenId, name: 'LED ngã ba Chợ Rã', paired: true },
    });
    expect(await old.inbox.next<Revoked>(SERVER_EVENTS.revoked)).toEqual({ reason: 'replaced' });
    const paired = await replacement.paired;
    expect(paired.screenId).toBe(screenId);
    expect(paired.deviceToken).not.toBe(oldToken);
    const refused = await track(connectPlayer(t.url, oldToken)).inbox.next<{ data: ProtocolError }>('connect_error');
    expect(refused.data.code).toBe('unauthorised');
    const fresh = track(await onlineScreen(t.url, paired.deviceToken));
    expect(fresh.welcome.screenName).toBe('LED ngã ba Chợ Rã');
  });

  it('keeps the old device when the new hardware never takes over', async () => {
    const { screenId, deviceToken } = await pairScreen(
      t,
      operatorA.token,
      busStationIn(w, { name: 'Màn hình giữ nguyên' }),
    );
    const old = track(await onlineScreen(t.url, deviceToken));
    const silent = track(await waitingPlayer(t.url, { acknowledge: false }));
    const res = await asUser(t, operatorA.token).post(`/api/screens/${screenId}/replace-device`, {
      code: silent.code.code,
    });
    expect(res.status).toBe(409);
    expect(old.inbox.count(SERVER_EVENTS.revoked)).toBe(0);
    expect(old.socket.connected).toBe(true);
    expect((await asUser(t, operatorA.token).get(`/api/screens/${screenId}`)).body.paired).toBe(true);
    // its token still opens the screen
    const again = track(await onlineScreen(t.url, deviceToken));
    expect(again.welcome.screenId).toBe(screenId);
  });

  it('refuses used, expired, unknown and malformed codes with a sentence saying what to do', async () => {
    const first = track(await waitingPlayer(t.url));
    expect(
      (await asUser(t, operatorA.token).post('/api/screens/claim', { code: first.code.code, ...busStationIn(w) }))
        .status,
    ).toBe(201);
    const reused = await asUser(t, operatorA.token).post('/api/screens/claim', {
      code: first.code.code,
      ...busStationIn(w),
    });
    expect(reused.status).toBe(409);
    expect(reused.body.message).toBe(
      `The code ${first.code.code} has already been used. The screen shows a new code if it is still unpaired.`,
    );

    const late = track(await waitingPlayer(t.url));
    clock.advance(10 * 60_000 + 1000);
    const expired = await asUser(t, operatorA.token)
      .post('/api/screens/claim', { code: late.code.code, ...busStationIn(w) })
      .set('Accept-Language', 'vi');
    expect(expired.status).toBe(409);
    expect(expired.body.message).toBe(`Mã ${late.code.code} đã hết hạn. Màn hình đang hiện mã mới: hãy nhập mã đó.`);

    const unknown = await asUser(t, operatorA.token).post('/api/screens/claim', { code: 'ZZZZZZ', ...busStationIn(w) });
    expect(unknown.status).toBe(409);
    expect(unknown.body.message).toMatch(/No screen is showing the code ZZZZZZ/);

    const malformed = await asUser(t, operatorA.token).post('/api/screens/claim', {
      code: 'AB#12',
      ...busStationIn(w),
    });
    expect(malformed.status).toBe(400);
    expect(malformed.body.message).toMatch(/6 letters and digits/);
    const missing = await asUser(t, operatorA.token).post('/api/screens/claim', {
      code: 'ABC123',
      name: 'Không có loại',
    });
    expect(missing.status).toBe(400);
    expect(missing.body.message).toMatch(/screenId/);
  });

  it('undoes a claim when the player leaves before taking its token, and expires its code', async () => {
    const silent = track(await waitingPlayer(t.url, { acknowledge: false }));
    const before = (await asUser(t, operatorA.token).get('/api/screens?pageSize=100')).body.total as number;
    const res = await asUser(t, operatorA.token).post('/api/screens/claim', {
      code: silent.code.code,
      ...busStationIn(w, { name: 'Không bao giờ ghép' }),
    });
    expect(res.status).toBe(409);
    expect(res.body.message).toMatch(/went offline before it received its pairing/);
    expect((await asUser(t, operatorA.token).get('/api/screens?pageSize=100')).body.total).toBe(before);

    const gone = track(await waitingPlayer(t.url));
    gone.socket.disconnect();
    await quietFor(300);
    const after = await asUser(t, operatorA.token).post('/api/screens/claim', {
      code: gone.code.code,
      ...busStationIn(w),
    });
    expect(after.status).toBe(409);
    expect(after.body.message).toMatch(/has expired/);
  });

  it('limits failed claims per user, even for a right code afterwards, and says when to retry', async () => {
    const guesser = await createUser(t, w.rootToken, {
      email: 'doan-ma@babe.gov.vn',
      role: 'operator',
      organisationId: w.districtA.id,
    });
    for (let i = 0; i < 5; i++) {
      const guess = await asUser(t, guesser.token).post('/api/screens/claim', {
        code: `ZZZZZ${i}`,
        ...busStationIn(w),
      });
      expect(guess.status).toBe(409);
    }
    const right = track(await waitingPlayer(t.url));
    const blocked = await asUser(t, guesser.token).post('/api/screens/claim', {
      code: right.code.code,
      ...busStationIn(w),
    });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    // another operator is not held up by the guesser
    expect(
      (await asUser(t, operatorA.token).post('/api/screens/claim', { code: right.code.code, ...busStationIn(w) }))
        .status,
    ).toBe(201);
  });

  it('answers malformed and unknown messages with errors and keeps the connection healthy', async () => {
    const { deviceToken, screenId } = await pairScreen(
      t,
      operatorA.token,
      busStationIn(w, { name: 'Màn hình kiểm thử' }),
    );
    const { socket, inbox } = track(connectPlayer(t.url, deviceToken));
    await connected(inbox);

    const junk = (await socket
      .timeout(2000)
      .emitWithAck(PLAYER_EVENTS.hello, { protocol: 'một', screen: 'lớn' } as never)) as Ack<Welcome>;
    expect(junk).toMatchObject({
      ok: false,
      error: { code: 'invalid_message', fields: expect.arrayContaining(['protocol', 'screen']) },
    });

    const newer = await socket.timeout(2000).emitWithAck(PLAYER_EVENTS.hello, { ...HELLO, protocol: 99 });
    expect(newer).toMatchObject({ ok: false, error: { code: 'unsupported_protocol' } });

    // a player too old to read the plans sent now is told to reload (which brings it the current player)
    const older = await socket.timeout(2000).emitWithAck(PLAYER_EVENTS.hello, { ...HELLO, protocol: 1 });
    expect(older).toMatchObject({ ok: false, error: { code: 'unsupported_protocol' } });
    expect(await inbox.next(SERVER_EVENTS.command)).toMatchObject({ type: 'reload' });

    const unknown = (await (
      socket as unknown as { timeout(ms: number): { emitWithAck(e: string, ...a: unknown[]): Promise<unknown> } }
    )
      .timeout(2000)
      .emitWithAck('player:dance', { fast: true })) as Ack<never>;
    expect(unknown).toMatchObject({ ok: false, error: { code: 'invalid_message' } });

    const beat = () => ({ playing: null, playlistVersion: null, freeBytes: null, sentAt: new Date().toISOString() });
    // a heartbeat before a successful hello is refused: the server does not know the player yet
    expect(await socket.timeout(2000).emitWithAck(PLAYER_EVENTS.heartbeat, beat())).toMatchObject({
      ok: false,
      error: { code: 'hello_required' },
    });
    expect(await hello(socket)).toMatchObject({ ok: true });
    // taken out of its rooms by the old hello, back in them now: what is sent to the screen reaches it
    socket.on(SERVER_EVENTS.command, (_command, ack) => ack({ ok: true, data: {} }));
    const identify = await asUser(t, operatorA.token).post(`/api/screens/${screenId}/commands`, { type: 'identify' });
    expect(identify.status).toBe(200);
    expect(inbox.all<{ type: string }>(SERVER_EVENTS.command).map((c) => c.type)).toEqual(['reload', 'identify']);

    // without an acknowledgement to answer through, the refusal comes as an event
    (socket as unknown as { emit(e: string, p: unknown): void }).emit(PLAYER_EVENTS.heartbeat, 'không phải nhịp tim');
    expect(await inbox.next<ProtocolError & { event: string }>(SERVER_EVENTS.protocolError)).toMatchObject({
      code: 'invalid_message',
      event: PLAYER_EVENTS.heartbeat,
    });

    // still connected and answering
    expect(socket.connected).toBe(true);
    expect(await socket.timeout(2000).emitWithAck(PLAYER_EVENTS.heartbeat, beat())).toMatchObject({
      ok: true,
      data: { serverTime: expect.any(String) },
    });

    // an unpaired player cannot speak as a screen
    const stranger = track(await waitingPlayer(t.url));
    expect(await hello(stranger.socket)).toMatchObject({ ok: false, error: { code: 'not_paired' } });

    // a forged token is refused at the door
    const forged = track(connectPlayer(t.url, 'loa_dev_' + 'x'.repeat(43)));
    expect((await forged.inbox.next<{ data: ProtocolError }>('connect_error')).data.code).toBe('unauthorised');
  });

  it('keeps operators to their scope: district A cannot claim into or see district B', async () => {
    const inB = await pairScreen(t, operatorB.token, {
      name: 'Bến xe Chợ Đồn',
      kind: 'transit',
      organisationId: w.districtB.id,
      localityId: w.districtB.id,
    });
    const a = asUser(t, operatorA.token);
    const waiting = track(await waitingPlayer(t.url));
    const intoB = await a.post('/api/screens/claim', {
      code: waiting.code.code,
      ...busStationIn(w),
      localityId: w.districtB.id,
    });
    expect(intoB.status).toBe(404);
    const ownedByB = await a.post('/api/screens/claim', {
      code: waiting.code.code,
      ...busStationIn(w),
      organisationId: w.districtB.id,
    });
    expect(ownedByB.status).toBe(404);
    // B's screen does not exist for A, whatever A does with it
    expect((await a.get(`/api/screens/${inB.screenId}`)).status).toBe(404);
    expect((await a.patch(`/api/screens/${inB.screenId}`, { name: 'Đổi tên' })).status).toBe(404);
    expect((await a.post(`/api/screens/${inB.screenId}/revoke`)).status).toBe(404);
    expect((await a.post(`/api/screens/${inB.screenId}/commands`, { type: 'reload' })).status).toBe(404);
    expect((await a.post(`/api/screens/${inB.screenId}/replace-device`, { code: waiting.code.code })).status).toBe(404);
    expect((await a.delete(`/api/screens/${inB.screenId}`)).status).toBe(404);
    const list = await a.get('/api/screens?pageSize=100');
    expect(list.body.items.map((s: { id: string }) => s.id)).not.toContain(inB.screenId);
    expect((await asUser(t, operatorB.token).get(`/api/screens/${inB.screenId}`)).status).toBe(200);
    // the code A could not use is still good for someone allowed
    expect((await a.post('/api/screens/claim', { code: waiting.code.code, ...busStationIn(w) })).status).toBe(201);
  });

  it('shows company screens to the district they stand in, but only their owner changes them', async () => {
    const companyOperator = await createUser(t, w.rootToken, {
      email: 'vh@anhduong.vn',
      role: 'operator',
      organisationId: w.company.id,
    });
    const led = await pairScreen(t, companyOperator.token, {
      name: 'LED Ánh Dương – chợ Ba Bể',
      kind: 'led_outdoor',
      organisationId: w.company.id,
      localityId: w.districtA.id,
    });
    const seen = await asUser(t, operatorA.token).get(`/api/screens/${led.screenId}`);
    expect(seen.status).toBe(200);
    expect(seen.body).toMatchObject({ manageable: false, profileKey: 'led-768x384' });
    const edit = await asUser(t, operatorA.token).patch(`/api/screens/${led.screenId}`, { name: 'Của huyện' });
    expect(edit.status).toBe(403);
    expect(edit.body.message).toMatch(/Công ty Quảng cáo Ánh Dương/);
    expect(
      (await asUser(t, companyOperator.token).patch(`/api/screens/${led.screenId}`, { venue: 'Chợ Ba Bể' })).status,
    ).toBe(200);
    // seeing is not deciding: what the company's screen plays, and its device, are the company's
    const creativeId = await approvedCreative(t, w, 'Thông báo của huyện');
    const a = asUser(t, operatorA.token);
    const comms = asUser(t, w.commsA.token);
    expect((await comms.post('/api/playlist-entries', { creativeId, screenId: led.screenId })).status).toBe(403);
    expect((await a.post(`/api/screens/${led.screenId}/revoke`)).status).toBe(403);
    expect((await a.post(`/api/screens/${led.screenId}/commands`, { type: 'reload' })).status).toBe(403);
    expect((await a.post(`/api/screens/${led.screenId}/replace-device`, { code: 'ABC123' })).status).toBe(403);
    expect((await a.delete(`/api/screens/${led.screenId}`)).status).toBe(403);
    // nor does a district's group reach it
    const group = await a.post('/api/screen-groups', { name: 'Mọi màn hình LED ở Ba Bể', kinds: ['led_outdoor'] });
    expect(group.status).toBe(201);
    const members = await a.get(`/api/screens?groupId=${group.body.id}&pageSize=100`);
    expect(members.body.items.map((s: { id: string }) => s.id)).not.toContain(led.screenId);
  });

  it('moves screens with their organisation, and will not delete an organisation that holds screens', async () => {
    const rootApi = asUser(t, w.rootToken);
    const commune = await rootApi.post('/api/organisations', {
      name: 'Xã Cao Thượng',
      kind: 'ward',
      parentId: w.districtA.id,
    });
    expect(commune.status).toBe(201);
    const screen = await pairScreen(t, operatorA.token, {
      ...busStationIn(w),
      name: 'Loa màn hình xã Cao Thượng',
      organisationId: commune.body.id,
      localityId: commune.body.id,
    });
    expect((await rootApi.delete(`/api/organisations/${commune.body.id}`)).status).toBe(409);
    // the commune moves to district B: its screen goes with it, out of district A's sight
    expect((await rootApi.patch(`/api/organisations/${commune.body.id}`, { parentId: w.districtB.id })).status).toBe(
      200,
    );
    expect((await asUser(t, operatorA.token).get(`/api/screens/${screen.screenId}`)).status).toBe(404);
    const inB = await asUser(t, operatorB.token).get(`/api/screens/${screen.screenId}`);
    expect(inB.status).toBe(200);
    expect(inB.body.manageable).toBe(true);
  });

  it('validates what describes a screen', async () => {
    const a = asUser(t, operatorA.token);
    const bad = await a.post('/api/screens', {
      name: '',
      kind: 'billboard',
      localityId: 'không-phải-id',
      latitude: 123,
      tags: ['ok', 42],
      operatingHours: [{ days: [0], from: '5h', to: '22:00' }],
      layout: { ticker: 'có', qr: true, clock: false, transition: 'wipe' },
    });
    expect(bad.status).toBe(400);
    const fields = bad.body.details.map((d: { field: string }) => d.field);
    expect(fields).toEqual(expect.arrayContaining(['name', 'kind', 'localityId', 'latitude', 'tags']));
    expect(fields.some((f: string) => f.startsWith('operatingHours'))).toBe(true);
    expect(fields).toEqual(expect.arrayContaining(['layout.ticker', 'layout.transition']));
    const zone = await a.post('/api/screens', { ...busStationIn(w), timezone: 'Asia/Sai_Gon' });
    expect(zone.status).toBe(400);
    expect(zone.body.message).toMatch(/IANA time zone/);
    // a company is no place to stand, and this one is outside district A anyway
    const company = await a.post('/api/screens', { ...busStationIn(w), localityId: w.company.id });
    expect(company.status).toBe(404);
    const companyHere = await asUser(t, w.rootToken).post('/api/screens', {
      ...busStationIn(w),
      localityId: w.company.id,
    });
    expect(companyHere.status).toBe(400);
    expect(companyHere.body.message).toMatch(/province, district or ward/);
    const profile = await a.post('/api/screens', { ...busStationIn(w), profileKey: 'khong-co' });
    expect(profile.status).toBe(400);
    const ok = await a.post('/api/screens', {
      ...busStationIn(w),
      operatingHours: [{ days: [1, 2, 3, 4, 5, 6, 7], from: '05:00', to: '22:00' }],
      latitude: 22.3917,
      longitude: 105.8681,
    });
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ paired: false, timezone: 'Asia/Ho_Chi_Minh', status: { online: false } });
  });
});
