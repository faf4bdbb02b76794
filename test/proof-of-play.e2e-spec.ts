import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { PresenceService } from '../apps/server/src/playback/presence.service.js';
import {
  type Ack,
  MAX_PLAYS_PER_BATCH,
  PLAYER_EVENTS,
  type PlayRecord,
  type PlaysAccepted,
  type ProtocolError,
} from '@loa/protocol';
import { describeEachEngine } from './support/engines.js';
import { asUser, createUser, startSeededApp, type World } from './support/fixtures.js';
import { connectPlayer, connected, onlineScreen, pairScreen, type PlayerSocket } from './support/players.js';
import { busStationIn } from './support/screens.js';
import type { TestApp } from './support/test-app.js';

const send = (socket: PlayerSocket, body: unknown): Promise<Ack<PlaysAccepted>> =>
  socket.timeout(5000).emitWithAck(PLAYER_EVENTS.plays, body as never);

const play = (at: number, extra: Partial<PlayRecord> = {}): PlayRecord => ({
  playId: randomUUID(),
  creativeId: randomUUID(),
  renditionSha256: 'a'.repeat(64),
  reason: 'campaign',
  campaignId: randomUUID(),
  donationId: null,
  emergencyId: null,
  entryId: null,
  scheduledStart: new Date(at).toISOString(),
  scheduledEnd: new Date(at + 10_000).toISOString(),
  startedAt: new Date(at + 40).toISOString(),
  endedAt: new Date(at + 10_000).toISOString(),
  shownSeconds: 9.96,
  outcome: 'complete',
  note: null,
  ...extra,
});

describeEachEngine('proof of play: batches from players, stored once per play', (engine) => {
  let t: TestApp;
  let w: World;
  let socket: PlayerSocket;
  let screenId: string;
  const sockets: Array<{ disconnect(): void }> = [];
  const count = async (where = '1 = 1') =>
    Number((await t.app.get(DataSource).query<{ n: string }[]>(`SELECT COUNT(*) AS n FROM plays WHERE ${where}`))[0].n);

  beforeAll(async () => {
    ({ t, w } = await startSeededApp(engine));
    const operator = await createUser(t, w.rootToken, {
      email: 'vh@babe.gov.vn',
      role: 'operator',
      organisationId: w.districtA.id,
    });
    const paired = await pairScreen(t, operator.token, busStationIn(w));
    screenId = paired.screenId;
    const online = await onlineScreen(t.url, paired.deviceToken);
    socket = online.socket;
    sockets.push(socket);
  });

  afterAll(async () => {
    sockets.forEach((s) => s.disconnect());
    await t.close();
  });

  it('stores a batch once: the same records again are acknowledged as duplicates', async () => {
    const start = Date.UTC(2020, 7, 20, 1);
    const batch = [0, 1, 2].map((i) => play(start + i * 10_000));
    batch[2] = { ...batch[2], outcome: 'interrupted', shownSeconds: 4.2, note: 'emergency' };
    expect(await send(socket, { plays: batch })).toEqual({ ok: true, data: { accepted: 3, duplicates: 0 } });
    // the acknowledgement was lost: the player sends them again, with one new record
    const again = [...batch, play(start + 30_000)];
    expect(await send(socket, { plays: again })).toEqual({ ok: true, data: { accepted: 1, duplicates: 3 } });
    expect(await count(`"screenId" = '${screenId}'`)).toBe(4);
    const [row] = await t.app
      .get(DataSource)
      .query<Record<string, unknown>[]>(`SELECT * FROM plays WHERE "playId" = '${batch[2].playId}'`);
    expect(row).toMatchObject({ outcome: 'interrupted', note: 'emergency', reason: 'campaign' });
    expect(Number(row.shownSeconds)).toBeCloseTo(4.2);
    expect(new Date(row.startedAt as string).getTime()).toBe(start + 20_040);
  });

  it('refuses a malformed batch whole, says where, and keeps the connection', async () => {
    const before = await count();
    const bad = [play(Date.UTC(2020, 7, 20, 2)), { ...play(Date.UTC(2020, 7, 20, 2)), playId: 'không-phải-id' }];
    const answer = await send(socket, { plays: bad });
    expect(answer.ok).toBe(false);
    const error = (answer as { error: ProtocolError }).error;
    expect(error.code).toBe('invalid_message');
    expect(error.fields).toEqual(['plays[1].playId']);
    for (const body of [
      null,
      { plays: [] },
      { plays: Array.from({ length: MAX_PLAYS_PER_BATCH + 1 }, () => play(0)) },
      { plays: [{ ...play(0), reason: 'quảng cáo' }] },
      { plays: [{ ...play(Date.UTC(2020, 7, 20)), endedAt: '2020-08-19T00:00:00.000Z' }] },
      { plays: [{ ...play(0), shownSeconds: -1 }] },
    ]) {
      expect((await send(socket, body)).ok).toBe(false);
    }
    expect(await count()).toBe(before);
    expect((await send(socket, { plays: [play(Date.UTC(2020, 7, 20, 3))] })).ok).toBe(true);
  });

  it('takes plays only from paired players', async () => {
    const { socket: unpaired, inbox } = connectPlayer(t.url);
    sockets.push(unpaired);
    await connected(inbox);
    const answer = await send(unpaired, { plays: [play(0)] });
    expect(answer.ok).toBe(false);
    expect((answer as { error: ProtocolError }).error.code).toBe('not_paired');
  });

  it('reports a donation’s delivered plays and airtime by Vietnam’s day, skipped plays left out', async () => {
    // running since August 2020, the month whose plays are reported (one already over is refused)
    const donation = await asUser(t, w.advertiser.token).post('/api/donations', {
      secondsPerLoop: 10,
      startsAt: '2020-08-19T00:00:00+07:00',
    });
    expect(donation.status).toBe(201);
    const donationId = (donation.body as { id: string }).id;
    const donated = (at: number, extra: Partial<PlayRecord> = {}) =>
      play(at, { reason: 'donation', donationId, ...extra });
    // 08:00 on the 20th in Bắc Kạn (three plays, one skipped), and 01:00 on the 21st (two plays)
    const morning = Date.UTC(2020, 7, 20, 1);
    const night = Date.UTC(2020, 7, 20, 18);
    const batch = [
      donated(morning),
      donated(morning + 10_000),
      donated(morning + 20_000, { shownSeconds: 4, outcome: 'interrupted', note: 'emergency' }),
      donated(morning + 30_000, { shownSeconds: 0, outcome: 'skipped', note: 'not_cached' }),
      donated(night),
      donated(night + 10_000),
    ];
    expect(await send(socket, { plays: batch })).toMatchObject({ ok: true, data: { accepted: 6 } });
    const window = 'from=2020-08-19T17:00:00.000Z&to=2020-08-21T17:00:00.000Z';
    const report = await asUser(t, w.advertiser.token).get(`/api/donations/${donationId}/report?${window}`);
    expect(report.status).toBe(200);
    expect(report.body).toMatchObject({
      donationId,
      days: [
        { day: '2020-08-20', plays: 3, seconds: 23.9, screens: 1 },
        { day: '2020-08-21', plays: 2, seconds: 19.9, screens: 1 },
      ],
      plays: 5,
      airtimeHours: 0.01,
    });
    // an unknown donation is not found; a window too long is refused with a sentence
    expect((await asUser(t, w.advertiser.token).get(`/api/donations/${randomUUID()}/report?${window}`)).status).toBe(
      404,
    );
    const long = await asUser(t, w.advertiser.token).get(
      `/api/donations/${donationId}/report?from=2020-01-01T00:00:00Z&to=2020-12-31T00:00:00Z`,
    );
    expect(long.status).toBe(400);
  });

  it('reports plays and airtime by district, day and screen within the asker’s scope, and the deployment report', async () => {
    const window = 'from=2020-08-19T17:00:00.000Z&to=2020-08-21T17:00:00.000Z';
    const byDistrict = await asUser(t, w.adminA.token).get(`/api/reports/plays?by=district&${window}`);
    expect(byDistrict.status).toBe(200);
    const rows = (byDistrict.body as { rows: { name: string; plays: number; screens: number }[] }).rows;
    expect(rows.map((r) => r.name)).toEqual(['Huyện Ba Bể']);
    expect(rows[0].plays).toBeGreaterThan(0);
    expect(rows[0].screens).toBe(1);
    const byDay = await asUser(t, w.adminA.token).get(`/api/reports/plays?by=day&${window}`);
    const days = (byDay.body as { rows: { key: string; plays: number }[]; plays: number }).rows;
    expect(days.map((d) => d.key)).toEqual(expect.arrayContaining(['2020-08-20']));
    expect(days.reduce((sum, d) => sum + d.plays, 0)).toBe((byDay.body as { plays: number }).plays);
    expect((byDay.body as { plays: number }).plays).toBe(rows[0].plays);
    const byScreen = await asUser(t, w.adminA.token).get(`/api/reports/plays?by=screen&${window}`);
    expect((byScreen.body as { rows: { key: string }[] }).rows.map((r) => r.key)).toEqual([screenId]);
    // district B's staff see none of district A's plays
    const other = await asUser(t, w.commsB.token).get(`/api/reports/plays?by=district&${window}`);
    expect((other.body as { rows: unknown[]; plays: number }).plays).toBe(0);
    // a grouping that does not exist is refused, naming the field
    const bad = await asUser(t, w.adminA.token).get(`/api/reports/plays?by=weather&${window}`);
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('by');

    // presence reaches the database within a second: now, for the count of screens online
    await t.app.get(PresenceService).flush();
    const deployment = await asUser(t, w.provinceAdmin.token).get(`/api/reports/deployment?${window}`);
    expect(deployment.status).toBe(200);
    const report = deployment.body as {
      rows: { district: string; screens: number; online: number; plays: number }[];
      total: { screens: number; plays: number };
    };
    const babe = report.rows.find((r) => r.district === 'Huyện Ba Bể')!;
    expect(babe).toMatchObject({ screens: 1, online: 1 });
    expect(babe.plays).toBe(rows[0].plays);
    expect(report.total.screens).toBe(report.rows.reduce((sum, r) => sum + r.screens, 0));
  });
});
