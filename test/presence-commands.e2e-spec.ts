import { afterAll, beforeAll, expect, it } from '@jest/globals';
import sharp from 'sharp';
import { DataSource } from 'typeorm';
import { io, type Socket } from 'socket.io-client';
import {
  type Command,
  CONSOLE_EVENTS,
  NAMESPACES,
  PLAYER_EVENTS,
  type ProtocolError,
  type ScreenStatus,
  SERVER_EVENTS,
} from '@loa/protocol';
import { ConsoleGateway } from '../apps/server/src/playback/console.gateway.js';
import { PresenceService } from '../apps/server/src/playback/presence.service.js';
import { rowsBy, updateById, upsertRows } from '../apps/server/src/database/rows-by.js';
import { ScreenPlaylist } from '../apps/server/src/playback/screen-playlist.entity.js';
import { Screen } from '../apps/server/src/screens/screen.entity.js';
import { PlaylistTriggers } from '../apps/server/src/playback/playlist-triggers.js';
import { describeEachEngine } from './support/engines.js';
import { FakeClock } from './support/fake-clock.js';
import { asUser, createUser, type SeededUser, startSeededApp, type World } from './support/fixtures.js';
import {
  connectPlayer,
  hello,
  Inbox,
  onlineScreen,
  pairScreen,
  type PlayerSocket,
  quietFor,
} from './support/players.js';
import { busStationIn } from './support/screens.js';
import type { TestApp } from './support/test-app.js';

describeEachEngine('presence and commands: live status for the console, commands answered by players', (engine) => {
  let t: TestApp;
  let w: World;
  let operator: SeededUser;
  const clock = new FakeClock();
  const sockets: Array<{ disconnect(): void }> = [];

  const consoleFor = (token: string, language?: 'en') => {
    const socket: Socket = io(`${t.url}${NAMESPACES.console}`, {
      transports: ['websocket'],
      forceNew: true,
      reconnection: false,
      auth: language ? { token, language } : { token },
    });
    sockets.push(socket);
    return { socket, inbox: new Inbox(socket) };
  };

  const answerCommands = (socket: PlayerSocket, answer: (command: Command) => unknown) => {
    const received: Command[] = [];
    socket.on(SERVER_EVENTS.command, (command, ack) => {
      received.push(command);
      const reply = answer(command);
      if (reply !== undefined) ack(reply as Parameters<typeof ack>[0]);
    });
    return received;
  };

  const online = async (name: string) => {
    const paired = await pairScreen(t, operator.token, busStationIn(w, { name }));
    const screen = await onlineScreen(t.url, paired.deviceToken);
    sockets.push(screen.socket);
    return { ...paired, ...screen };
  };

  beforeAll(async () => {
    ({ t, w } = await startSeededApp(engine, { clock }, { COMMAND_TIMEOUT: '2s' }));
    operator = await createUser(t, w.rootToken, {
      email: 'vh@babe.gov.vn',
      role: 'operator',
      organisationId: w.districtA.id,
    });
  });

  afterAll(async () => {
    sockets.forEach((s) => s.disconnect());
    await t.close();
  });

  it('shows a screen coming online, playing and going offline to the consoles of its scope only', async () => {
    const root = consoleFor(w.rootToken);
    const districtA = consoleFor(w.adminA.token);
    const districtB = consoleFor(w.commsB.token);
    await Promise.all([root, districtA, districtB].map((c) => c.inbox.next('connect')));

    const paired = await pairScreen(t, operator.token, busStationIn(w, { name: 'Bến xe Chợ Rã – sảnh chờ' }));
    const started = performance.now();
    const screen = await onlineScreen(t.url, paired.deviceToken);
    const seen = await districtA.inbox.next<ScreenStatus>(CONSOLE_EVENTS.screenStatus, 2000);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(seen).toMatchObject({
      screenId: paired.screenId,
      online: true,
      playerVersion: '0.0.0-test',
      viewport: { width: 1920, height: 1080, devicePixelRatio: 1 },
      heldPlaylistVersion: null,
    });
    expect((await root.inbox.next<ScreenStatus>(CONSOLE_EVENTS.screenStatus, 2000)).screenId).toBe(paired.screenId);

    const playing = {
      creativeId: '3f1c2a7e-8b4d-4c3a-9e2f-1a2b3c4d5e6f',
      renditionSha256: 'a'.repeat(64),
      startedAt: new Date().toISOString(),
    };
    const beat = await screen.socket.timeout(2000).emitWithAck(PLAYER_EVENTS.heartbeat, {
      playing,
      playlistVersion: screen.playlist!.version,
      freeBytes: 4_000_000_000,
      sentAt: new Date().toISOString(),
    });
    expect(beat.ok).toBe(true);
    expect(await districtA.inbox.next<ScreenStatus>(CONSOLE_EVENTS.screenStatus, 2000)).toMatchObject({
      online: true,
      playing,
      heldPlaylistVersion: screen.playlist!.version,
    });

    // a console that connects now is told at once what its scope's connected screens are doing
    const late = consoleFor(w.adminA.token);
    expect(await late.inbox.next<ScreenStatus>(CONSOLE_EVENTS.screenStatus, 2000)).toMatchObject({
      screenId: paired.screenId,
      online: true,
      playing,
    });
    const lateB = consoleFor(w.commsB.token);
    await lateB.inbox.next('connect');
    await quietFor(300);
    expect(lateB.inbox.count(CONSOLE_EVENTS.screenStatus)).toBe(0);

    // the API has it too, once presence is written (within a second)
    await t.app.get(PresenceService).flush();
    const api = await asUser(t, operator.token).get(`/api/screens/${paired.screenId}`);
    expect(api.body.status).toMatchObject({
      online: true,
      playerVersion: '0.0.0-test',
      freeBytes: 4_000_000_000,
      playing,
    });
    const filtered = await asUser(t, operator.token).get('/api/screens?online=true');
    expect(filtered.body.items.map((s: { id: string }) => s.id)).toContain(paired.screenId);

    screen.socket.disconnect();
    expect(await districtA.inbox.next<ScreenStatus>(CONSOLE_EVENTS.screenStatus, 2000)).toMatchObject({
      screenId: paired.screenId,
      online: false,
      playing: null,
    });
    await quietFor(300);
    expect(districtB.inbox.count(CONSOLE_EVENTS.screenStatus)).toBe(0);
    await t.app.get(PresenceService).flush();
    expect((await asUser(t, operator.token).get(`/api/screens/${paired.screenId}`)).body.status.online).toBe(false);
  });

  it('counts a connected player that stopped sending heartbeats as offline', async () => {
    const watcher = consoleFor(w.adminA.token);
    await watcher.inbox.next('connect');
    const screen = await online('Màn hình treo');
    expect((await watcher.inbox.next<ScreenStatus>(CONSOLE_EVENTS.screenStatus)).online).toBe(true);
    clock.advance(91_000);
    t.app.get(PresenceService).markSilentOffline();
    expect(await watcher.inbox.next<ScreenStatus>(CONSOLE_EVENTS.screenStatus)).toMatchObject({
      screenId: screen.screenId,
      online: false,
    });
    expect(screen.socket.connected).toBe(true);
  });

  it('reconnects a screen moved to another place, so its status goes where it now belongs', async () => {
    const paired = await pairScreen(t, operator.token, busStationIn(w, { name: 'Màn hình chuyển chỗ' }));
    const player = connectPlayer(t.url, paired.deviceToken);
    sockets.push(player.socket);
    await player.inbox.next('connect');
    expect((await hello(player.socket)).ok).toBe(true);
    const moved = await asUser(t, operator.token).patch(`/api/screens/${paired.screenId}`, {
      localityId: w.districtA.id,
    });
    expect(moved.status).toBe(200);
    // told to go without being revoked: the player keeps its token and comes back, as a player does
    expect(await player.inbox.next('disconnect')).toBe('io server disconnect');
    expect(player.inbox.count(SERVER_EVENTS.revoked)).toBe(0);
    player.socket.connect();
    await player.inbox.next('connect');
    expect((await hello(player.socket)).ok).toBe(true);
  });

  it('refuses consoles without a valid sign-in, and ends them when the account is disabled', async () => {
    const none = consoleFor('');
    expect((await none.inbox.next<{ data: ProtocolError }>('connect_error')).data.code).toBe('unauthorised');
    const forged = consoleFor('eyJhbGciOiJIUzI1NiJ9.e30.x', 'en');
    const refused = await forged.inbox.next<Error & { data: ProtocolError }>('connect_error');
    expect(refused.data.code).toBe('unauthorised');
    expect(refused.message).toMatch(/sign in/i);

    const leaver = await createUser(t, w.rootToken, {
      email: 'nghi-viec@babe.gov.vn',
      role: 'operator',
      organisationId: w.districtA.id,
    });
    const console = consoleFor(leaver.token);
    await console.inbox.next('connect');
    expect((await asUser(t, w.rootToken).patch(`/api/users/${leaver.id}`, { active: false })).status).toBe(200);
    await t.app.get(ConsoleGateway).recheckAll();
    expect(await console.inbox.next('disconnect')).toBe('io server disconnect');
  });

  it('reloads and identifies a screen, with the player’s answer', async () => {
    const screen = await online('Màn hình lệnh');
    const received = answerCommands(screen.socket, () => ({ ok: true, data: {} }));
    const reload = await asUser(t, operator.token).post(`/api/screens/${screen.screenId}/commands`, { type: 'reload' });
    expect(reload.status).toBe(200);
    expect(reload.body).toMatchObject({ type: 'reload', id: received[0].id });

    await asUser(t, operator.token).patch(`/api/screens/${screen.screenId}`, { name: 'Màn hình lệnh (đổi tên)' });
    const identify = await asUser(t, operator.token).post(`/api/screens/${screen.screenId}/commands`, {
      type: 'identify',
      seconds: 20,
    });
    expect(identify.status).toBe(200);
    expect(received[1]).toMatchObject({ type: 'identify', seconds: 20, screenName: 'Màn hình lệnh (đổi tên)' });
    const audit = await asUser(t, w.rootToken).get(`/api/audit?objectId=${screen.screenId}&action=screen.command`);
    expect(audit.body.total).toBe(2);
  });

  it('takes a screenshot and shows it to whoever can see the screen', async () => {
    const screen = await online('Màn hình chụp');
    const frame = await sharp({ create: { width: 64, height: 36, channels: 3, background: '#c8102e' } })
      .jpeg()
      .toBuffer();
    answerCommands(screen.socket, () => ({
      ok: true,
      data: { screenshot: `data:image/jpeg;base64,${frame.toString('base64')}` },
    }));
    expect((await asUser(t, operator.token).get(`/api/screens/${screen.screenId}/screenshot`)).status).toBe(404);
    const res = await asUser(t, operator.token).post(`/api/screens/${screen.screenId}/commands`, {
      type: 'screenshot',
    });
    expect(res.status).toBe(200);
    expect(res.body.screenshotUrl).toBe(`/api/screens/${screen.screenId}/screenshot`);
    const image = await asUser(t, w.adminA.token).get(res.body.screenshotUrl).buffer(true);
    expect(image.status).toBe(200);
    expect(image.headers['content-type']).toBe('image/jpeg');
    expect(image.headers['cache-control']).toBe('no-store');
    expect(Buffer.compare(image.body as Buffer, frame)).toBe(0);
    expect((await asUser(t, w.commsB.token).get(res.body.screenshotUrl)).status).toBe(404);
  });

  it('says clearly when a command cannot be done', async () => {
    const silent = await online('Màn hình im lặng');
    answerCommands(silent.socket, () => undefined);
    const timeout = await asUser(t, operator.token).post(`/api/screens/${silent.screenId}/commands`, {
      type: 'reload',
    });
    expect(timeout.status).toBe(504);
    expect(timeout.body.message).toBe('The screen did not answer within 2 seconds.');

    const liar = await online('Màn hình trả lời sai');
    answerCommands(liar.socket, () => ({ ok: true, data: { screenshot: 'data:text/html;base64,PGI+' } }));
    const bad = await asUser(t, operator.token).post(`/api/screens/${liar.screenId}/commands`, { type: 'screenshot' });
    expect(bad.status).toBe(422);

    const failing = await online('Màn hình lỗi');
    answerCommands(failing.socket, () => ({ ok: false, error: { code: 'internal', message: 'Không đủ bộ nhớ' } }));
    const failed = await asUser(t, operator.token).post(`/api/screens/${failing.screenId}/commands`, {
      type: 'screenshot',
    });
    expect(failed.status).toBe(422);
    expect(failed.body.message).toMatch(/Không đủ bộ nhớ/);

    const gone = await online('Màn hình tắt');
    gone.socket.disconnect();
    await quietFor(200);
    const offline = await asUser(t, operator.token).post(`/api/screens/${gone.screenId}/commands`, { type: 'reload' });
    expect(offline.status).toBe(409);
    expect(offline.body.message).toMatch(/offline/);

    const unpaired = await asUser(t, operator.token).post('/api/screens', busStationIn(w, { name: 'Chưa ghép' }));
    const never = await asUser(t, operator.token).post(`/api/screens/${unpaired.body.id}/commands`, { type: 'reload' });
    expect(never.status).toBe(409);

    const wrong = await asUser(t, operator.token).post(`/api/screens/${gone.screenId}/commands`, {
      type: 'format-disk',
    });
    expect(wrong.status).toBe(400);
    const notAllowed = await asUser(t, w.commsA.token).post(`/api/screens/${gone.screenId}/commands`, {
      type: 'reload',
    });
    expect(notAllowed.status).toBe(403);
  });

  it('writes presence and reads screens through plain statements exactly as TypeORM would', async () => {
    const { screenId } = await online('Bến xe Ba Bể – cổng');
    const dataSource = t.app.get(DataSource);
    const screens = dataSource.getRepository(Screen);
    const before = (await screens.findOne({ where: { id: screenId } }))!;
    const lastSeenAt = new Date('2020-08-20T03:04:05.678Z');
    await updateById(dataSource.manager, Screen, screenId, {
      online: true,
      lastSeenAt,
      viewport: { width: 1080, height: 1920, devicePixelRatio: 2 },
      freeBytes: 5_000_000_000,
      playing: null,
    });
    const found = (await screens.findOne({ where: { id: screenId } }))!;
    expect(found).toMatchObject({
      online: true,
      lastSeenAt,
      viewport: { width: 1080, height: 1920, devicePixelRatio: 2 },
      freeBytes: 5_000_000_000,
      playing: null,
      name: before.name,
    });
    expect(found.updatedAt.getTime()).toBeGreaterThanOrEqual(before.updatedAt.getTime());
    const [raw] = await rowsBy(dataSource, Screen, 'id', screenId);
    const { playlistVersion, ...rest } = found;
    expect(raw).toEqual(rest);
    expect(raw).not.toHaveProperty('deviceTokenHash');
    expect(typeof playlistVersion).toBe('string');
    expect(await rowsBy(dataSource, Screen, 'id', '00000000-0000-4000-8000-000000000000')).toEqual([]);
  });

  it('stores rows through one plain upsert: new ones inserted, existing ones set, others left alone', async () => {
    const ids: string[] = [];
    for (const name of ['Bến xe Ba Bể – quầy vé', 'Bến xe Ba Bể – phòng chờ', 'Bến xe Ba Bể – bãi đỗ']) {
      const created = await asUser(t, operator.token).post('/api/screens', busStationIn(w, { name }));
      expect(created.status).toBe(201);
      ids.push(created.body.id);
    }
    await t.app.get(PlaylistTriggers).settled();
    const dataSource = t.app.get(DataSource);
    const versions = dataSource.getRepository(ScreenPlaylist);
    await versions.delete({ screenId: ids[0] });
    const untouched = await versions.findOne({ where: { screenId: ids[2] } });
    expect(untouched?.version).toMatch(/^[0-9a-f]{64}$/);
    await upsertRows(
      dataSource.manager,
      ScreenPlaylist,
      [
        { screenId: ids[0], version: 'a'.repeat(64) },
        { screenId: ids[1], version: 'b'.repeat(64) },
      ],
      'screenId',
    );
    const found = await versions.find({ where: ids.map((screenId) => ({ screenId })) });
    expect(new Map(found.map((row) => [row.screenId, row.version]))).toEqual(
      new Map([
        [ids[0], 'a'.repeat(64)],
        [ids[1], 'b'.repeat(64)],
        [ids[2], untouched!.version],
      ]),
    );
  });
});
