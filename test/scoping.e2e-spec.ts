import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { describeEachEngine } from './support/engines.js';
import { startSeededApp, type World } from './support/fixtures.js';
import type { TestApp } from './support/test-app.js';

describeEachEngine('locality scope', (engine) => {
  let t: TestApp;
  let w: World;
  beforeAll(async () => ({ t, w } = await startSeededApp(engine)));
  afterAll(async () => t?.close());

  const get = (token: string, path: string) => t.http().get(path).auth(token, { type: 'bearer' });

  it('gives a district-A user 404 for district-B objects, as if they did not exist', async () => {
    const missing = await get(w.commsA.token, `/api/organisations/${w.districtB.id}`).expect(404);
    expect(missing.body).toMatchObject({ statusCode: 404, error: 'Not Found', message: 'Organisation not found.' });
    await get(w.commsA.token, `/api/organisations/${w.company.id}`).expect(404);
    await get(w.adminA.token, `/api/users/${w.commsB.id}`).expect(404);
    await t
      .http()
      .patch(`/api/organisations/${w.districtB.id}`)
      .auth(w.adminA.token, { type: 'bearer' })
      .send({ name: 'Hijacked' })
      .expect(404);
    await t
      .http()
      .patch(`/api/users/${w.commsB.id}`)
      .auth(w.adminA.token, { type: 'bearer' })
      .send({ active: false })
      .expect(404);
    await t.http().delete(`/api/organisations/${w.districtB.id}`).auth(w.adminA.token, { type: 'bearer' }).expect(404);
    // and the same objects are there for someone whose scope holds them
    await get(w.commsB.token, `/api/organisations/${w.districtB.id}`).expect(200);
    await get(w.provinceAdmin.token, `/api/users/${w.commsB.id}`).expect(200);
  });

  it('refuses to place things outside the scope, even by id', async () => {
    const res = await t
      .http()
      .post('/api/users')
      .auth(w.adminA.token, { type: 'bearer' })
      .send({ email: 'spy@babe.gov.vn', displayName: 'Spy', role: 'operator', organisationId: w.districtB.id })
      .expect(404);
    expect(res.body.message).toBe('Organisation not found.');
    await t
      .http()
      .post('/api/organisations')
      .auth(w.adminA.token, { type: 'bearer' })
      .send({ name: 'Xã Ngoài', kind: 'ward', parentId: w.districtB.id })
      .expect(404);
    await t
      .http()
      .post('/api/organisations')
      .auth(w.adminA.token, { type: 'bearer' })
      .send({ name: 'Tỉnh Khác', kind: 'province' })
      .expect(403);
  });

  it('lists only the subtree: a district sees itself and its wards, the province sees all', async () => {
    const district = await get(w.commsA.token, '/api/organisations?pageSize=100').expect(200);
    expect(district.body.items.map((o: { name: string }) => o.name).sort()).toEqual(['Huyện Ba Bể', 'Thị trấn Chợ Rã']);
    expect(district.body.total).toBe(2);
    const province = await get(w.provinceAdmin.token, '/api/organisations?pageSize=100').expect(200);
    expect(province.body.total).toBe(5);
    const ward = await get(w.operatorWardA.token, '/api/organisations').expect(200);
    expect(ward.body.items.map((o: { name: string }) => o.name)).toEqual(['Thị trấn Chợ Rã']);
    const users = await get(w.adminA.token, '/api/users?pageSize=100').expect(200);
    expect(users.body.items.map((u: { email: string }) => u.email).sort()).toEqual([
      'admin@babe.gov.vn',
      'tt@babe.gov.vn',
      'vh@chora.gov.vn',
    ]);
    // the system administrator (no organisation) is visible only to system administrators
    const everyone = await get(w.rootToken, '/api/users?pageSize=100').expect(200);
    expect(everyone.body.total).toBe(7);
    const provinceUsers = await get(w.provinceAdmin.token, '/api/users?pageSize=100').expect(200);
    expect(provinceUsers.body.total).toBe(6);
  });

  it('scopes the audit log the same way', async () => {
    const a = await get(w.adminA.token, '/api/audit?pageSize=100').expect(200);
    const paths: string[] = a.body.items.map((e: { organisationPath: string }) => e.organisationPath);
    expect(paths.length).toBeGreaterThan(0);
    for (const path of paths) expect(path.startsWith(w.districtA.path)).toBe(true);
    const b = await get(w.provinceAdmin.token, `/api/audit?objectId=${w.commsB.id}`).expect(200);
    expect(b.body.items.map((e: { action: string }) => e.action)).toContain('user.created');
    const hidden = await get(w.adminA.token, `/api/audit?objectId=${w.commsB.id}`).expect(200);
    expect(hidden.body.total).toBe(0);
  });

  it('keeps roles apart: only admins manage users and organisations or read the audit log', async () => {
    await get(w.commsA.token, '/api/users').expect(403);
    await get(w.operatorWardA.token, '/api/audit').expect(403);
    const res = await t
      .http()
      .post('/api/organisations')
      .auth(w.advertiser.token, { type: 'bearer' })
      .set('Accept-Language', 'vi')
      .send({ name: 'X', kind: 'company' })
      .expect(403);
    expect(res.body.message).toBe('Vai trò của bạn (advertiser) không được phép làm việc này.');
  });
});
