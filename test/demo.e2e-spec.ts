import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { DataSource } from 'typeorm';
import { expandPlan, type PlaylistDocument } from '@loa/protocol';
import { asUser } from './support/fixtures.js';
import { ADMIN, startTestApp, type TestApp } from './support/test-app.js';

describe('the demo seeded on first start', () => {
  let t: TestApp;
  let printed = '';

  beforeAll(async () => {
    const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      printed += String(chunk);
      return true;
    });
    try {
      t = await startTestApp('sqlite', { DEMO: '1' });
    } finally {
      spy.mockRestore();
    }
  }, 180_000);

  afterAll(async () => {
    await t?.close();
  });

  it('makes a province, its people, posters and a clip, screens of three kinds, a campaign and a donation', async () => {
    const db = t.app.get(DataSource);
    const names = (await db.query<{ name: string }[]>('SELECT name FROM organisations')).map((o) => o.name);
    expect(names).toEqual(
      expect.arrayContaining(['Tỉnh Bắc Kạn', 'Thành phố Bắc Kạn', 'Huyện Ba Bể', 'Công ty CP Vận tải Bắc Kạn']),
    );
    const creatives = await db.query<{ title: string; kind: string; status: string; review: string }[]>(
      'SELECT title, kind, status, review FROM creatives',
    );
    expect(creatives).toHaveLength(4);
    expect(creatives.every((c) => c.status === 'ready' && c.review === 'approved')).toBe(true);
    expect(creatives.filter((c) => c.kind === 'video')).toHaveLength(1);
    const kinds = (await db.query<{ kind: string }[]>('SELECT kind FROM screens')).map((s) => s.kind).sort();
    expect(kinds).toEqual(['elevator', 'led_outdoor', 'transit', 'transit']);
    expect(await db.query('SELECT COUNT(*) AS n FROM donations')).toEqual([{ n: 1 }]);

    // the one-time passwords were printed once, and they sign in
    for (const email of ['truyenthong@backan.demo', 'vanhanh@backan.demo', 'doanhnghiep@backan.demo']) {
      const line = printed.split('\n').find((l) => l.includes(email));
      expect(line).toBeDefined();
      const password = line!.split(email)[1].replace('│', '').trim();
      const token = await t.login(email, password);
      const me = await asUser(t, token).get('/api/auth/me');
      expect(me.body).toMatchObject({ email, mustChangePassword: true });
    }

    // the company's station screen plays the campaign in its donated airtime, and the province's own screens too
    const admin = await t.login(ADMIN.email, ADMIN.password);
    const screens = (await asUser(t, admin).get('/api/screens')).body.items as { id: string; name: string }[];
    const station = screens.find((s) => s.name === 'Bến xe khách Bắc Kạn – sảnh chờ')!;
    const document = (await asUser(t, admin).get(`/api/screens/${station.id}/playlist`)).body as PlaylistDocument;
    const noon = new Date();
    noon.setUTCHours(5, 0, 0, 0); // 12:00 in Bắc Kạn
    const day = expandPlan(document.plan, noon.getTime() + 86_400_000, noon.getTime() + 86_400_000 + 3_600_000);
    expect(day.some((p) => p.cue.reason === 'donation')).toBe(true);
    expect(day.some((p) => p.cue.reason === 'filler')).toBe(true);
    expect(document.campaigns[0]).toMatchObject({ ticker: expect.stringContaining('Bluezone') });
  });

  it('seeds only an empty database: a restart leaves it as it is', async () => {
    await t.restart();
    const db = t.app.get(DataSource);
    expect(await db.query('SELECT COUNT(*) AS n FROM campaigns')).toEqual([{ n: 1 }]);
    expect(await db.query('SELECT COUNT(*) AS n FROM users')).toEqual([{ n: 4 }]);
  });
});
