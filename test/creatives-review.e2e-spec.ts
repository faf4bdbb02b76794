import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { CreativeUsages } from '../apps/server/src/creatives/creative-usages.js';
import { describeEachEngine } from './support/engines.js';
import { asUser, createUser, type SeededUser, startSeededApp, type World } from './support/fixtures.js';
import { type CreativeBody, fixture, settled, upload } from './support/media.js';
import type { TestApp } from './support/test-app.js';

describeEachEngine('media library: review workflow, roles and scope', (engine) => {
  let t: TestApp;
  let w: World;
  let commsProvince: SeededUser;
  let creative: CreativeBody;

  beforeAll(async () => {
    ({ t, w } = await startSeededApp(engine));
    commsProvince = await createUser(t, w.rootToken, {
      email: 'tt@backan.gov.vn',
      role: 'communications',
      organisationId: w.province.id,
    });
    const res = await upload(t, w.commsA.token, fixture('led-768x384.webp'), {
      title: 'Cài đặt Bluezone – LED',
      tags: 'bluezone,covid-19',
    });
    expect(res.status).toBe(202);
    creative = await settled(t, w.commsA.token, res.body.id);
    expect(creative.status).toBe('ready');
  }, 60_000);

  afterAll(async () => {
    await t?.close();
  });

  const path = () => `/api/creatives/${creative.id}`;

  it('lets only administrators and communications staff upload', async () => {
    for (const user of [w.operatorWardA, w.advertiser]) {
      const res = await upload(t, user.token, fixture('led-768x384.webp'));
      expect(res.status).toBe(403);
    }
    // a global administrator says which organisation the creative belongs to
    const global = await upload(t, w.rootToken, fixture('led-768x384.webp'));
    expect(global.status).toBe(400);
    expect(global.body.message).toMatch(/organisationId/);
    const outside = await upload(t, w.commsA.token, fixture('led-768x384.webp'), { organisationId: w.districtB.id });
    expect(outside.status).toBe(404);
  });

  it('shows a creative only within the scope of its organisation', async () => {
    expect((await asUser(t, w.commsA.token).get(path())).status).toBe(200);
    expect((await asUser(t, w.provinceAdmin.token).get(path())).status).toBe(200);
    expect((await asUser(t, commsProvince.token).get(path())).status).toBe(200);
    for (const user of [w.commsB, w.advertiser, w.operatorWardA]) {
      expect((await asUser(t, user.token).get(path())).status).toBe(404);
    }
    const listB = await asUser(t, w.commsB.token).get('/api/creatives');
    expect(listB.body.total).toBe(0);
    const listA = await asUser(t, w.commsA.token).get('/api/creatives?tag=BlueZone&kind=image&q=led');
    expect(listA.body.items.map((c: CreativeBody) => c.id)).toEqual([creative.id]);
    expect((await asUser(t, w.commsA.token).get('/api/creatives?tag=covid')).body.total).toBe(0);
  });

  it('moves draft → submitted → approved, with four eyes for communications staff', async () => {
    const early = await asUser(t, commsProvince.token).post(`${path()}/approve`);
    expect(early.status).toBe(409);
    expect(early.body.message).toBe('A draft creative cannot be approved.');

    const submitted = await asUser(t, w.commsA.token).post(`${path()}/submit`);
    expect(submitted.status).toBe(200);
    expect(submitted.body).toMatchObject({ review: 'submitted', submittedById: w.commsA.id, schedulable: false });

    const own = await asUser(t, w.commsA.token).post(`${path()}/approve`);
    expect(own.status).toBe(403);
    expect(own.body.message).toMatch(/another person must approve/);
    expect((await asUser(t, w.commsB.token).post(`${path()}/approve`)).status).toBe(404);
    expect((await asUser(t, w.advertiser.token).post(`${path()}/approve`)).status).toBe(403);

    const approved = await asUser(t, commsProvince.token).post(`${path()}/approve`);
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ review: 'approved', reviewedById: commsProvince.id, schedulable: true });
  });

  it('sends an edited approved creative back to review, and refuses a backwards validity window', async () => {
    const edited = await asUser(t, w.commsA.token).patch(path(), { title: 'Cài đặt Bluezone – LED (sửa)' });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({
      review: 'submitted',
      schedulable: false,
      title: 'Cài đặt Bluezone – LED (sửa)',
    });
    const bad = await asUser(t, w.commsA.token).patch(path(), {
      notBefore: '2020-08-20T00:00:00+07:00',
      notAfter: '2020-08-10T00:00:00+07:00',
    });
    expect(bad.status).toBe(400);
    // an administrator may approve even what they submitted; here they did not
    const approved = await asUser(t, w.provinceAdmin.token).post(`${path()}/approve`);
    expect(approved.body.review).toBe('approved');
  });

  it('keeps an approved creative off screens outside its validity window', async () => {
    const expired = await asUser(t, w.adminA.token).patch(path(), {
      notBefore: '2020-08-01T00:00:00+07:00',
      notAfter: '2020-08-31T23:59:59+07:00',
    });
    expect(expired.body.review).toBe('submitted');
    const approved = await asUser(t, w.provinceAdmin.token).post(`${path()}/approve`);
    expect(approved.body).toMatchObject({ review: 'approved', schedulable: false });
    const open = await asUser(t, w.adminA.token).patch(path(), { notBefore: null, notAfter: null });
    expect(open.body).toMatchObject({ notBefore: null, notAfter: null });
    await asUser(t, w.provinceAdmin.token).post(`${path()}/approve`).expect(200);
  });

  it('rejects with a reason, or withdraws an approval, and takes a resubmission', async () => {
    const noReason = await asUser(t, commsProvince.token).post(`${path()}/reject`, {});
    expect(noReason.status).toBe(400);
    const rejected = await asUser(t, commsProvince.token).post(`${path()}/reject`, { reason: 'Sai số đường dây nóng' });
    expect(rejected.status).toBe(200);
    expect(rejected.body).toMatchObject({
      review: 'rejected',
      rejectionReason: 'Sai số đường dây nóng',
      schedulable: false,
    });
    const again = await asUser(t, w.commsA.token).post(`${path()}/submit`);
    expect(again.body).toMatchObject({ review: 'submitted', rejectionReason: null });
  });

  it('refuses to submit a creative that failed processing', async () => {
    const jpeg = readFileSync(fixture('poster-landscape-1920x1080.jpg'));
    const res = await upload(
      t,
      w.commsA.token,
      Buffer.concat([jpeg.subarray(0, 2000), Buffer.alloc(5000, 0x55)]),
      {},
      'x.jpg',
    );
    const failed = await settled(t, w.commsA.token, res.body.id);
    expect(failed.status).toBe('failed');
    const submit = await asUser(t, w.commsA.token).post(`/api/creatives/${failed.id}/submit`);
    expect(submit.status).toBe(409);
    expect(submit.body.message).toMatch(/only a ready creative/);
    await asUser(t, w.commsA.token).delete(`/api/creatives/${failed.id}`).expect(204);
  });

  it('records every transition in the audit log', async () => {
    const res = await asUser(t, w.provinceAdmin.token).get(
      `/api/audit?objectType=creative&objectId=${creative.id}&pageSize=100`,
    );
    expect(res.status).toBe(200);
    // entries written in the same millisecond have no order between them: compare as a multiset
    const actions = (res.body.items as Array<{ action: string }>).map((e) => e.action).sort();
    expect(actions).toEqual(
      [
        'creative.uploaded',
        'creative.processed',
        'creative.submitted',
        'creative.approved',
        'creative.returned_for_review',
        'creative.approved',
        'creative.returned_for_review',
        'creative.approved',
        'creative.returned_for_review',
        'creative.approved',
        'creative.rejected',
        'creative.submitted',
      ].sort(),
    );
  });

  it('re-renders posters when the fit changes, keeping the same original', async () => {
    const before = (await asUser(t, w.commsA.token).get(path())).body as CreativeBody;
    const elevatorBefore = before.renditions.find((r) => r.profiles.includes('elevator-1080x1920'))!;
    await asUser(t, w.commsA.token).patch(path(), { fit: 'cover', background: '#FFFFFF' }).expect(200);
    const deadline = Date.now() + 30_000;
    let after: CreativeBody;
    do {
      await new Promise((r) => setTimeout(r, 200));
      after = (await asUser(t, w.commsA.token).get(path())).body as CreativeBody;
    } while (
      after.renditions.find((r) => r.profiles.includes('elevator-1080x1920'))!.sha256 === elevatorBefore.sha256 &&
      Date.now() < deadline
    );
    const elevator = after.renditions.find((r) => r.profiles.includes('elevator-1080x1920') && r.format === 'webp')!;
    // cover: a 768×384 poster fills a portrait screen by cropping, at a size the source can fill
    expect([elevator.width, elevator.height]).toEqual([216, 384]);
    expect(after.sha256).toBe(before.sha256);
    expect(after.background).toBe('#ffffff');
  });

  it('refuses to delete a creative in use, saying where', async () => {
    t.app
      .get(CreativeUsages)
      .register((id) =>
        Promise.resolve(
          id === creative.id ? [{ kind: 'campaign', id: 'c-1', name: 'Cài đặt Bluezone, tháng 8/2020' }] : [],
        ),
      );
    const res = await asUser(t, w.commsA.token).delete(path());
    expect(res.status).toBe(409);
    expect(res.body.message).toBe(
      'This creative is in use and cannot be deleted: campaign “Cài đặt Bluezone, tháng 8/2020”.',
    );
    expect((await asUser(t, w.commsA.token).get(path())).status).toBe(200);
  });

  it('counts whoever edits a submitted creative as its submitter, so they cannot approve it', async () => {
    const res = await upload(t, w.commsA.token, fixture('led-768x384.webp'), { title: 'Của A' });
    const other = await settled(t, w.commsA.token, res.body.id);
    await asUser(t, w.commsA.token).post(`/api/creatives/${other.id}/submit`).expect(200);
    const edited = await asUser(t, commsProvince.token).patch(`/api/creatives/${other.id}`, { title: 'Sửa bởi tỉnh' });
    expect(edited.body).toMatchObject({ review: 'submitted', submittedById: commsProvince.id });
    expect((await asUser(t, commsProvince.token).post(`/api/creatives/${other.id}/approve`)).status).toBe(403);
    expect((await asUser(t, w.commsA.token).post(`/api/creatives/${other.id}/approve`)).status).toBe(200);
  });

  it('moves creatives with their organisation when it moves in the tree', async () => {
    const res = await upload(t, w.commsA.token, fixture('led-768x384.webp'), { organisationId: w.wardA.id });
    const inWard = await settled(t, w.commsA.token, res.body.id);
    expect((await asUser(t, w.commsB.token).get(`/api/creatives/${inWard.id}`)).status).toBe(404);
    await asUser(t, w.rootToken).patch(`/api/organisations/${w.wardA.id}`, { parentId: w.districtB.id }).expect(200);
    expect((await asUser(t, w.commsB.token).get(`/api/creatives/${inWard.id}`)).status).toBe(200);
    expect((await asUser(t, w.commsA.token).get(`/api/creatives/${inWard.id}`)).status).toBe(404);
  });

  it('treats screen profiles as data an administrator extends, and renders for a new one', async () => {
    const list = await asUser(t, w.commsA.token).get('/api/screen-profiles');
    expect(list.body.map((p: { key: string }) => p.key).sort()).toEqual([
      'elevator-1080x1920',
      'led-1920x960',
      'led-768x384',
      'transit-1920x1080',
      'uhd-3840x2160',
    ]);
    const profile = { key: 'led-1152x576', name: 'LED Chợ Rã 1152×576', width: 1152, height: 576 };
    expect((await asUser(t, w.commsA.token).post('/api/screen-profiles', profile)).status).toBe(403);
    expect((await asUser(t, w.rootToken).post('/api/screen-profiles', { ...profile, width: 8 })).status).toBe(400);
    expect((await asUser(t, w.rootToken).post('/api/screen-profiles', { ...profile, key: 'Bad Key' })).status).toBe(
      400,
    );
    expect((await asUser(t, w.rootToken).post('/api/screen-profiles', profile)).status).toBe(201);
    expect((await asUser(t, w.rootToken).post('/api/screen-profiles', profile)).status).toBe(409);
    const deadline = Date.now() + 30_000;
    let served: CreativeBody['renditions'] = [];
    while (served.length < 2 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
      const body = (await asUser(t, w.commsA.token).get(path())).body as CreativeBody;
      served = body.renditions.filter((r) => r.profiles.includes('led-1152x576'));
    }
    expect(served.map((r) => r.format).sort()).toEqual(['jpeg', 'webp']);
    const off = await asUser(t, w.rootToken).patch('/api/screen-profiles/led-1152x576', { active: false });
    expect(off.body.active).toBe(false);
  });
});
