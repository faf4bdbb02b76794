import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { DEFAULT_SCREEN_LAYOUT, expandPlan, type PlaylistDocument, SERVER_EVENTS } from '@loa/protocol';
import { DataSource } from 'typeorm';
import { PlaylistService } from '../apps/server/src/playback/playlist.service.js';
import { Screen } from '../apps/server/src/screens/screen.entity.js';
import { ScreenGroupsService } from '../apps/server/src/screens/screen-groups.service.js';
import { ScreenPlaylist } from '../apps/server/src/playback/screen-playlist.entity.js';
import { PlaylistTriggers } from '../apps/server/src/playback/playlist-triggers.js';
import { describeEachEngine } from './support/engines.js';
import { FakeClock } from './support/fake-clock.js';
import { asUser, createUser, type SeededUser, startSeededApp, type World } from './support/fixtures.js';
import { hello, onlineScreen, pairScreen, quietFor } from './support/players.js';
import { fixture, settled, upload as upload_ } from './support/media.js';
import { approvedCreative, busStationIn } from './support/screens.js';
import type { TestApp } from './support/test-app.js';

describeEachEngine('playlists: pushed to the screens a change affects, once per burst', (engine) => {
  let t: TestApp;
  let w: World;
  let operator: SeededUser;
  const clock = new FakeClock();
  const sockets: Array<{ disconnect(): void }> = [];
  let poster: string;
  let clip: string;

  const online = async (name: string, extra: object = {}) => {
    const paired = await pairScreen(t, operator.token, busStationIn(w, { name, ...extra }));
    const screen = await onlineScreen(t.url, paired.deviceToken);
    sockets.push(screen.socket);
    return { ...paired, ...screen };
  };

  beforeAll(async () => {
    // a long quiet time makes "a burst" unambiguous on a slow machine
    ({ t, w } = await startSeededApp(
      engine,
      { clock },
      { PLAYLIST_COALESCE_MS: '300', PLAYLIST_COALESCE_MAX_MS: '5000' },
    ));
    operator = await createUser(t, w.rootToken, {
      email: 'vh@babe.gov.vn',
      role: 'operator',
      organisationId: w.districtA.id,
    });
    poster = await approvedCreative(t, w, 'Cài đặt Bluezone – áp phích');
    clip = await approvedCreative(t, w, 'Khai báo y tế');
  });

  afterAll(async () => {
    sockets.forEach((s) => s.disconnect());
    await t.close();
  });

  it('pushes a new assignment to its screen only', async () => {
    const a = await online('Màn hình A');
    const b = await online('Màn hình B');
    const res = await asUser(t, w.commsA.token).post('/api/playlist-entries', {
      creativeId: poster,
      screenId: a.screenId,
    });
    expect(res.status).toBe(201);
    const pushed = await a.inbox.next<PlaylistDocument>(SERVER_EVENTS.playlist);
    expect(pushed.items.map((i) => i.creativeId)).toEqual([poster]);
    expect(pushed.version).not.toBe(a.playlist!.version);
    await quietFor(600);
    expect(b.inbox.count(SERVER_EVENTS.playlist)).toBe(1); // only the one answering its hello
    expect(a.inbox.count(SERVER_EVENTS.playlist)).toBe(2);

    // the API shows what the screen holds
    const held = await asUser(t, operator.token).get(`/api/screens/${a.screenId}/playlist`);
    expect(held.body.version).toBe(pushed.version);
  });

  it('follows dynamic groups: a screen that gains the group’s tag gets the group’s content', async () => {
    const group = await asUser(t, operator.token).post('/api/screen-groups', {
      name: 'Màn hình sân bay',
      tags: ['sân bay'],
      organisationId: w.districtA.id,
    });
    expect(group.status).toBe(201);
    const inside = await online('Sân bay – cửa 1', { tags: ['Sân bay'] });
    const outside = await online('Bến xe – cửa 2', { tags: ['bến xe'] });
    expect((await asUser(t, operator.token).get(`/api/screen-groups/${group.body.id}`)).body.screenCount).toBe(1);
    const members = await asUser(t, operator.token).get(`/api/screens?groupId=${group.body.id}`);
    expect(members.body.items.map((s: { id: string }) => s.id)).toEqual([inside.screenId]);

    await asUser(t, w.commsA.token).post('/api/playlist-entries', { creativeId: clip, groupId: group.body.id });
    expect((await inside.inbox.next<PlaylistDocument>(SERVER_EVENTS.playlist)).items.map((i) => i.creativeId)).toEqual([
      clip,
    ]);
    await quietFor(600);
    expect(outside.inbox.count(SERVER_EVENTS.playlist)).toBe(1);

    const edit = await asUser(t, operator.token).patch(`/api/screens/${outside.screenId}`, {
      tags: ['bến xe', 'sân bay'],
    });
    expect(edit.status).toBe(200);
    expect((await outside.inbox.next<PlaylistDocument>(SERVER_EVENTS.playlist)).items.map((i) => i.creativeId)).toEqual(
      [clip],
    );
    // members page in name order, with the group's total
    const pages = await Promise.all(
      [1, 2, 3].map((page) =>
        asUser(t, operator.token).get(`/api/screens?groupId=${group.body.id}&pageSize=1&page=${page}`),
      ),
    );
    expect(pages.map((p) => p.body.total)).toEqual([2, 2, 2]);
    expect(pages.map((p) => p.body.items.map((s: { name: string }) => s.name))).toEqual([
      ['Bến xe – cửa 2'],
      ['Sân bay – cửa 1'],
      [],
    ]);

    // narrowing the group's rule takes the content off the screens that leave it
    await asUser(t, operator.token).patch(`/api/screen-groups/${group.body.id}`, { kinds: ['elevator'] });
    expect((await inside.inbox.next<PlaylistDocument>(SERVER_EVENTS.playlist)).items).toEqual([]);
    expect((await outside.inbox.next<PlaylistDocument>(SERVER_EVENTS.playlist)).items).toEqual([]);
  });

  it('turns a burst of a hundred edits into one push per screen, carrying the last edit', async () => {
    const screen = await online('Màn hình thử tải');
    const other = await online('Màn hình bên cạnh');
    const edits = Array.from({ length: 100 }, (_, i) =>
      asUser(t, operator.token).patch(`/api/screens/${screen.screenId}`, {
        operatingHours: [
          {
            days: [1, 2, 3, 4, 5, 6, 7],
            from: '05:00',
            to: `2${Math.floor(i / 60)}:${String(i % 60).padStart(2, '0')}`,
          },
        ],
      }),
    );
    // sequential on the server's side anyway; sent together, they are one burst
    const results = await Promise.all(edits);
    expect(results.every((r) => r.status === 200)).toBe(true);
    const pushed = await screen.inbox.next<PlaylistDocument>(SERVER_EVENTS.playlist, 8000);
    await quietFor(1000);
    expect(screen.inbox.count(SERVER_EVENTS.playlist)).toBe(2); // hello's answer, then exactly one push
    const final = (await asUser(t, operator.token).get(`/api/screens/${screen.screenId}`)).body.operatingHours;
    expect(pushed.operatingHours).toEqual(final);
    expect(other.inbox.count(SERVER_EVENTS.playlist)).toBe(1);
  });

  it('pushes a screen its new layout of zones, and gives screens without one the default', async () => {
    const screen = await online('Màn hình sảnh chờ');
    expect(screen.playlist!.layout).toEqual(DEFAULT_SCREEN_LAYOUT);
    const layout = { ticker: false, qr: true, clock: true, transition: 'fade' };
    const edit = await asUser(t, operator.token).patch(`/api/screens/${screen.screenId}`, { layout });
    expect(edit.status).toBe(200);
    expect(edit.body.layout).toEqual(layout);
    expect((await screen.inbox.next<PlaylistDocument>(SERVER_EVENTS.playlist)).layout).toEqual(layout);
    // back to the default
    const reset = await asUser(t, operator.token).patch(`/api/screens/${screen.screenId}`, { layout: null });
    expect(reset.body.layout).toEqual(DEFAULT_SCREEN_LAYOUT);
    expect((await screen.inbox.next<PlaylistDocument>(SERVER_EVENTS.playlist)).layout).toEqual(DEFAULT_SCREEN_LAYOUT);
  });

  it('takes a creative off the screens when its approval is withdrawn, and puts it back when approved again', async () => {
    const creative = await approvedCreative(t, w, 'Thông báo tạm thời');
    const screen = await online('Màn hình chợ');
    await asUser(t, w.commsA.token).post('/api/playlist-entries', { creativeId: creative, screenId: screen.screenId });
    expect((await screen.inbox.next<PlaylistDocument>(SERVER_EVENTS.playlist)).items).toHaveLength(1);
    const withdrawn = await asUser(t, w.provinceAdmin.token).post(`/api/creatives/${creative}/reject`, {
      reason: 'Sai số điện thoại',
    });
    expect(withdrawn.status).toBe(200);
    expect((await screen.inbox.next<PlaylistDocument>(SERVER_EVENTS.playlist)).items).toEqual([]);
    // in use: it cannot be deleted, and the refusal says where it plays
    const removal = await asUser(t, w.commsA.token).delete(`/api/creatives/${creative}`);
    expect(removal.status).toBe(409);
    expect(removal.body.message).toMatch(/Màn hình chợ/);
    await asUser(t, w.commsA.token).post(`/api/creatives/${creative}/submit`);
    await asUser(t, w.provinceAdmin.token).post(`/api/creatives/${creative}/approve`);
    expect((await screen.inbox.next<PlaylistDocument>(SERVER_EVENTS.playlist)).items).toHaveLength(1);
  });

  it('plans a creative only within its validity, and adds the next day as time passes', async () => {
    const creative = await approvedCreative(t, w, 'Chiến dịch tháng 8/2020');
    const notAfter = clock.now().getTime() + 3_600_000;
    // an edit sends an approved creative back to review: approve it again
    await asUser(t, w.commsA.token).patch(`/api/creatives/${creative}`, { notAfter: new Date(notAfter).toISOString() });
    await asUser(t, w.provinceAdmin.token).post(`/api/creatives/${creative}/approve`);
    const screen = await online('Màn hình hết hạn');
    await asUser(t, w.commsA.token).post('/api/playlist-entries', { creativeId: creative, screenId: screen.screenId });
    const document = await screen.inbox.next<PlaylistDocument>(SERVER_EVENTS.playlist);
    // the player has the file ahead, and the plan stops it at notAfter without another push
    expect(document.items.map((i) => i.creativeId)).toEqual([creative]);
    const before = expandPlan(document.plan, notAfter - 600_000, notAfter);
    const after = expandPlan(document.plan, notAfter, notAfter + 3_600_000);
    expect(before.some((p) => p.cue.creativeId === creative)).toBe(true);
    expect(after.some((p) => p.cue.creativeId === creative)).toBe(false);
    expect(document.plan.to - document.plan.from).toBe(15 * 86_400_000);
    // a day later the window moves: every screen gets its plan with the next day added
    clock.advance(86_400_000);
    await t.app.get(PlaylistTriggers).sweepWindow();
    const next = await screen.inbox.next<PlaylistDocument>(SERVER_EVENTS.playlist);
    expect(next.plan.from).toBe(document.plan.from + 86_400_000);
  });

  it('refuses to assign what may not play, or to nowhere', async () => {
    const screen = await online('Màn hình kiểm tra');
    const comms = asUser(t, w.commsA.token);
    const refusals: Array<[object, number]> = [
      [{ creativeId: poster }, 400],
      [{ creativeId: poster, screenId: screen.screenId, groupId: screen.screenId }, 400],
      [{ creativeId: poster, screenId: '00000000-0000-4000-8000-000000000000' }, 404],
      [{ creativeId: poster, screenId: screen.screenId, durationSeconds: 0 }, 400],
      [{ creativeId: 'không-phải-id', screenId: screen.screenId }, 400],
    ];
    for (const [body, status] of refusals)
      expect((await comms.post('/api/playlist-entries', body)).status).toBe(status);
    // a draft (uploaded, never approved) may not play
    const upload = await upload_(t, w.commsA.token, fixture('led-768x384.webp'), { title: 'Bản nháp' });
    const draft = (upload.body as { id: string }).id;
    await settled(t, w.commsA.token, draft);
    const refused = await comms.post('/api/playlist-entries', { creativeId: draft, screenId: screen.screenId });
    expect(refused.status).toBe(400);
    expect(refused.body.message).toMatch(/approved, ready creatives/);
    // district B's communications staff cannot put content on district A's screens
    const fromB = await asUser(t, w.commsB.token).post('/api/playlist-entries', {
      creativeId: poster,
      screenId: screen.screenId,
    });
    expect(fromB.status).toBe(404);
  });

  it('pushes an organisation’s default content to the screens it owns, and only to them', async () => {
    const inside = await online('Màn hình phường – mặc định');
    const elsewhere = await pairScreen(
      t,
      w.rootToken,
      busStationIn(w, { name: 'Bến xe huyện B', organisationId: w.districtB.id, localityId: w.districtB.id }),
    );
    const outside = await onlineScreen(t.url, elsewhere.deviceToken);
    sockets.push(outside.socket);
    const entry = await asUser(t, w.adminA.token).post('/api/playlist-entries', {
      creativeId: clip,
      organisationId: w.districtA.id,
    });
    expect(entry.status).toBe(201);
    const pushed = await inside.inbox.next<PlaylistDocument>(SERVER_EVENTS.playlist);
    expect(pushed.items.map((i) => i.creativeId)).toContain(clip);
    // the plan plays it as default content (where the plan leaves a period to its filling, once filled)
    const plays = expandPlan(pushed.plan, pushed.plan.from, pushed.plan.from + 86_400_000);
    expect(plays.some((p) => p.cue.creativeId === clip && p.cue.reason === 'filler')).toBe(true);

    // taking it off reaches the same screens; district B's screen never hears of either
    expect((await asUser(t, w.adminA.token).delete(`/api/playlist-entries/${entry.body.id}`)).status).toBe(204);
    const after = await inside.inbox.next<PlaylistDocument>(SERVER_EVENTS.playlist);
    expect(after.items.map((i) => i.creativeId)).not.toContain(clip);
    await quietFor(600);
    expect(outside.inbox.count(SERVER_EVENTS.playlist)).toBe(1); // only the one answering its hello
  });

  it('does not follow a hello with the playlist a push replaced while the hello was answered', async () => {
    const screen = await online('Màn hình – lời chào chậm');
    const playlists = t.app.get(PlaylistService);
    const current = playlists.current.bind(playlists);
    let pushed: PlaylistDocument | null = null;
    // the hello reads the screen's playlist; before it answers, an assignment is pushed to the screen
    playlists.current = async (screenId, version) => {
      playlists.current = current;
      const read = await current(screenId, version);
      const entry = await asUser(t, w.commsA.token).post('/api/playlist-entries', {
        creativeId: clip,
        screenId: screen.screenId,
      });
      expect(entry.status).toBe(201);
      pushed = await screen.inbox.next<PlaylistDocument>(SERVER_EVENTS.playlist);
      return read;
    };
    try {
      // a player that lost what it held says hello again
      const answer = await hello(screen.socket, null);
      expect(answer.ok).toBe(true);
    } finally {
      playlists.current = current;
    }
    await quietFor(600);
    expect(pushed!.items.map((i) => i.creativeId)).toContain(clip);
    const received = screen.inbox.all<PlaylistDocument>(SERVER_EVENTS.playlist);
    expect(received.at(-1)!.version).toBe(pushed!.version);
    expect(received).toHaveLength(2); // the one answering its first hello, then the push
  });

  it('sends after a hello the playlist made after a push that overtook it', async () => {
    const screen = await online('Màn hình – lời chào mới hơn');
    const playlists = t.app.get(PlaylistService);
    const current = playlists.current.bind(playlists);
    let pushed: PlaylistDocument | null = null;
    // while the hello is answered, a push goes out, then the screen changes again and its newer
    // playlist is stored but not (yet) pushed: the answer carries it
    playlists.current = async () => {
      playlists.current = current;
      const entry = await asUser(t, w.commsA.token).post('/api/playlist-entries', {
        creativeId: poster,
        screenId: screen.screenId,
      });
      expect(entry.status).toBe(201);
      pushed = await screen.inbox.next<PlaylistDocument>(SERVER_EVENTS.playlist);
      await t.app
        .get(DataSource)
        .getRepository(Screen)
        .update({ id: screen.screenId }, { layout: { ...DEFAULT_SCREEN_LAYOUT, clock: true } });
      const [newer] = await playlists.refresh([screen.screenId]);
      return newer.document;
    };
    try {
      expect((await hello(screen.socket, null)).ok).toBe(true);
    } finally {
      playlists.current = current;
    }
    const settled = await screen.inbox.next<PlaylistDocument>(SERVER_EVENTS.playlist);
    expect(settled.version).not.toBe(pushed!.version);
    expect(settled.layout.clock).toBe(true);
  });

  it('is settled only once a screen change still being read is marked and pushed', async () => {
    const groups = t.app.get(ScreenGroupsService);
    const allResolved = groups.allResolved.bind(groups);
    // the trigger reads the groups before it marks the screen: slowly, here
    groups.allResolved = async () => {
      await quietFor(300);
      return allResolved();
    };
    try {
      const created = await asUser(t, operator.token).post(
        '/api/screens',
        busStationIn(w, { name: 'Màn hình – thay đổi đang đọc' }),
      );
      expect(created.status).toBe(201);
      await t.app.get(PlaylistTriggers).settled();
      const stored = await t.app
        .get(DataSource)
        .getRepository(ScreenPlaylist)
        .findOne({ where: { screenId: (created.body as { id: string }).id } });
      expect(stored?.version).toMatch(/^[0-9a-f]{64}$/);
    } finally {
      groups.allResolved = allResolved;
    }
  });
});
