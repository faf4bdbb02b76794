import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { updateById } from '../apps/server/src/database/rows-by.js';
import { PLANNING_COLUMNS, ScreenPlanRows } from '../apps/server/src/screens/screen-rows.js';
import { Screen } from '../apps/server/src/screens/screen.entity.js';
import { describeEachEngine } from './support/engines.js';
import { asUser, createUser, type SeededUser, startSeededApp, type World } from './support/fixtures.js';
import { busStationIn } from './support/screens.js';
import type { TestApp } from './support/test-app.js';

describeEachEngine('screen rows for planning: kept in memory, read again whenever a screen changed', (engine) => {
  let t: TestApp;
  let w: World;
  let operator: SeededUser;
  let dataSource: DataSource;
  let rows: ScreenPlanRows;

  const revision = async () =>
    (await dataSource.query<Array<{ revision: string }>>('SELECT "revision" FROM "screen_revision"'))[0].revision;
  const create = async (name: string, extra: object = {}) => {
    const res = await asUser(t, operator.token).post('/api/screens', busStationIn(w, { name, ...extra }));
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  const everyRow = async () => new Map((await rows.read()).map((row) => [row.id, row]));

  beforeAll(async () => {
    ({ t, w } = await startSeededApp(engine));
    operator = await createUser(t, w.rootToken, {
      email: 'vh@babe.gov.vn',
      role: 'operator',
      organisationId: w.districtA.id,
    });
    dataSource = t.app.get(DataSource);
    rows = t.app.get(ScreenPlanRows);
  });

  afterAll(async () => {
    await t.close();
  });

  it('changes the revision on every insert, delete and change of what planning reads, and on nothing else', async () => {
    const start = await revision();
    const id = await create('Bến xe Chợ Rã – quầy vé');
    const created = await revision();
    expect(created).not.toBe(start);

    // presence, written thousands of times a second in a reconnect storm, leaves it be
    await updateById(dataSource.manager, Screen, id, { online: true, lastSeenAt: new Date(), freeBytes: 1_000_000 });
    await dataSource.getRepository(Screen).update({ id }, { name: 'Bến xe Chợ Rã – quầy vé số 2' });
    expect(await revision()).toBe(created);

    const edit = await asUser(t, operator.token).patch(`/api/screens/${id}`, { tags: ['bến xe', 'sân bay'] });
    expect(edit.status).toBe(200);
    const edited = await revision();
    expect(edited).not.toBe(created);
    // every column ScreenPlanRows reads, written as another server or a hand-written statement would
    const param = engine === 'postgres' ? '$1' : '?';
    const moved: string[] = [];
    for (const column of PLANNING_COLUMNS) {
      const before = await revision();
      await dataSource.query(`UPDATE "screens" SET "${column}" = "${column}" WHERE "id" = ${param}`, [id]);
      if ((await revision()) !== before) moved.push(column);
    }
    expect(moved).toEqual([...PLANNING_COLUMNS]);

    const last = await revision();
    expect((await asUser(t, operator.token).delete(`/api/screens/${id}`)).status).toBe(204);
    expect(await revision()).not.toBe(last);
  });

  it('sees a move of the district its screens stand in', async () => {
    const ward = await asUser(t, w.rootToken).post('/api/organisations', {
      name: 'Phường Mới',
      kind: 'ward',
      parentId: w.districtA.id,
    });
    expect(ward.status).toBe(201);
    const id = await create('Bến xe phường mới', { organisationId: ward.body.id, localityId: ward.body.id });
    const before = (await everyRow()).get(id)!;
    const moved = await asUser(t, w.rootToken).patch(`/api/organisations/${ward.body.id}`, {
      parentId: w.districtB.id,
    });
    expect(moved.status).toBe(200);
    const after = (await everyRow()).get(id)!;
    expect(after.localityPath).not.toBe(before.localityPath);
    expect(after.localityPath.startsWith(w.districtB.path)).toBe(true);
    expect(after.organisationPath).toBe(after.localityPath);
  });

  it('answers from memory, and sees a change made behind its back (another server, a hand-written statement)', async () => {
    const id = await create('Bến xe Ba Bể – phòng chờ', { tags: ['bến xe'] });
    const first = await rows.read();
    // nothing moved: the very same rows
    expect(await rows.read()).toBe(first);
    expect((await everyRow()).get(id)?.tags).toEqual(['bến xe']);

    const param = engine === 'postgres' ? '$1' : '?';
    await dataSource.query(`UPDATE "screens" SET "tags" = '["sân bay"]', "venue" = NULL WHERE "id" = ${param}`, [id]);
    const row = (await everyRow()).get(id)!;
    expect(row).toMatchObject({ tags: ['sân bay'], venue: null });
    expect(row.signature).not.toBe(first.find((r) => r.id === id)!.signature);

    // a few screens by id come from the database, and equal what the whole read holds
    const [fresh] = await rows.read([id]);
    expect(fresh).toEqual(row);
    // rules pick from the whole read
    const matched = await rows.read([], [{ scopePath: null, tags: ['Sân bay'], localityPaths: [], kinds: [] }]);
    expect(matched.map((r) => r.id)).toEqual([id]);

    await dataSource.query(`DELETE FROM "screens" WHERE "id" = ${param}`, [id]);
    expect((await everyRow()).has(id)).toBe(false);
  });

  it('shares the lists and objects of screens alike, frozen all the way down', async () => {
    const hours = [{ days: [1, 2, 3, 4, 5], from: '05:30', to: '22:00' }];
    const a = await create('Thang máy A', {
      kind: 'elevator',
      venue: null,
      tags: ['thang máy'],
      operatingHours: hours,
    });
    const b = await create('Thang máy B', {
      kind: 'elevator',
      venue: null,
      tags: ['thang máy'],
      operatingHours: hours,
    });
    const all = await everyRow();
    const [rowA, rowB] = [all.get(a)!, all.get(b)!];
    expect(rowA.signature).toBe(rowB.signature);
    expect(rowA.tags).toBe(rowB.tags);
    expect(rowA.operatingHours).toEqual(hours);
    expect(rowA.operatingHours).toBe(rowB.operatingHours);
    expect(() => (rowA.tags as string[]).push('x')).toThrow(TypeError);
    expect(() => (rowA.operatingHours![0].days as number[]).push(7)).toThrow(TypeError);
  });
});
