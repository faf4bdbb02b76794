import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { MIGRATIONS } from '../apps/server/src/database/migrations/index.js';
import { describeEachEngine } from './support/engines.js';
import { createOrganisation, PASSWORD, startSeededApp, type World, asUser } from './support/fixtures.js';
import type { TestApp } from './support/test-app.js';

describeEachEngine('organisations, users and the audit log', (engine) => {
  let t: TestApp;
  let w: World;
  beforeAll(async () => ({ t, w } = await startSeededApp(engine)));
  afterAll(async () => t?.close());

  const as = (token: string) => asUser(t, token);

  it('keeps the administrative levels in order, with a reason a person understands', async () => {
    const res = await as(w.rootToken)
      .post('/api/organisations', { name: 'Xã Nam Mẫu', kind: 'ward', parentId: w.province.id })
      .set('Accept-Language', 'vi')
      .expect(400);
    expect(res.body.message).toBe('Không thể đặt phường/xã trực thuộc tỉnh/thành phố.');
    const root = await as(w.rootToken).post('/api/organisations', { name: 'Huyện Lạc', kind: 'district' }).expect(400);
    expect(root.body.message).toBe('A district cannot be placed under the top of the tree.');
  });

  it('refuses a duplicate administrative code', async () => {
    const res = await as(w.rootToken)
      .post('/api/organisations', { name: 'Bắc Kạn 2', kind: 'province', code: '06' })
      .expect(409);
    expect(res.body).toMatchObject({
      statusCode: 409,
      error: 'Conflict',
      message: 'Another organisation already has the code 06.',
    });
  });

  it('validates every field, listing each problem, and keeps nothing of a refused request', async () => {
    const before = await as(w.rootToken).get('/api/organisations?pageSize=100').expect(200);
    const res = await as(w.rootToken)
      .post('/api/organisations', { name: '   ', kind: 'village', parentId: 'not-a-uuid', colour: 'red' })
      .set('Accept-Language', 'vi')
      .expect(400);
    expect(res.body.statusCode).toBe(400);
    expect(res.body.error).toBe('Bad Request');
    const fields = res.body.details.map((d: { field: string; message: string }) => d.message);
    expect(fields).toEqual(
      expect.arrayContaining([
        'colour không phải là trường được chấp nhận',
        'name không được để trống',
        'kind phải là một trong: province, district, ward, company',
        'parentId phải là mã định danh (UUID)',
      ]),
    );
    const after = await as(w.rootToken).get('/api/organisations?pageSize=100').expect(200);
    expect(after.body.total).toBe(before.body.total);
    const english = await as(w.rootToken)
      .post('/api/users', {
        email: 'x@y.vn',
        displayName: 'X',
        role: 'operator',
        organisationId: w.wardA.id,
        password: 'short',
      })
      .expect(400);
    expect(english.body.message).toBe('Some fields are not valid: password must be at least 10 characters long');
  });

  it('answers malformed JSON, unknown routes and bad ids with clear errors', async () => {
    const json = await t
      .http()
      .post('/api/organisations')
      .auth(w.rootToken, { type: 'bearer' })
      .set('Content-Type', 'application/json')
      .send('{"name": "Bắc')
      .expect(400);
    expect(json.body).toMatchObject({ statusCode: 400, message: 'The request body is not valid JSON.' });
    const unknown = await t.http().get('/api/khong-co').set('Accept-Language', 'vi').expect(404);
    expect(unknown.body).toMatchObject({ statusCode: 404, message: 'API không có GET /api/khong-co.' });
    const outside = await t.http().get('/no-such-page').expect(404);
    expect(outside.body).toMatchObject({ statusCode: 404, error: 'Not Found' });
    const badId = await as(w.rootToken).get('/api/users/123').expect(400);
    expect(badId.body.message).toBe('Some fields are not valid: id must be an identifier (UUID)');
  });

  it('moves a district to another province with its whole subtree, and scopes follow', async () => {
    const other = await createOrganisation(t, w.rootToken, { name: 'Tỉnh Thái Nguyên', kind: 'province' });
    const district = await createOrganisation(t, w.rootToken, {
      name: 'Huyện Pác Nặm',
      kind: 'district',
      parentId: w.province.id,
    });
    const ward = await createOrganisation(t, w.rootToken, { name: 'Xã Bộc Bố', kind: 'ward', parentId: district.id });
    const moved = await as(w.rootToken).patch(`/api/organisations/${district.id}`, { parentId: other.id }).expect(200);
    expect(moved.body.path).toBe(`/${other.id}/${district.id}/`);
    const wardNow = await as(w.rootToken).get(`/api/organisations/${ward.id}`).expect(200);
    expect(wardNow.body.path).toBe(`/${other.id}/${district.id}/${ward.id}/`);
    // the province that lost it no longer sees it
    await as(w.provinceAdmin.token).get(`/api/organisations/${ward.id}`).expect(404);
    const audit = await as(w.rootToken).get(`/api/audit?action=organisation.moved&objectId=${district.id}`).expect(200);
    expect(audit.body.items[0].organisationPath).toBe(`/${other.id}/${district.id}/`);
    // and a district cannot go under its own ward
    const loop = await as(w.rootToken).patch(`/api/organisations/${district.id}`, { parentId: ward.id }).expect(400);
    expect(loop.body.message).toBe('An organisation cannot be moved under itself or one of its descendants.');
  });

  it('deletes only organisations without children or users', async () => {
    const children = await as(w.rootToken).delete(`/api/organisations/${w.districtA.id}`).expect(409);
    expect(children.body.message).toBe('This organisation still has 1 child organisations. Move or delete them first.');
    const users = await as(w.rootToken).delete(`/api/organisations/${w.wardA.id}`).expect(409);
    expect(users.body.message).toBe('This organisation still has 1 users. Move or deactivate them first.');
    const empty = await createOrganisation(t, w.rootToken, { name: 'Xã Tạm', kind: 'ward', parentId: w.districtB.id });
    await as(w.rootToken).delete(`/api/organisations/${empty.id}`).expect(204);
    await as(w.rootToken).get(`/api/organisations/${empty.id}`).expect(404);
    // a district admin cannot delete their own district
    await as(w.adminA.token).delete(`/api/organisations/${w.districtA.id}`).expect(403);
  });

  it('creates a user with a one-time password shown once, and resets it', async () => {
    const created = await as(w.adminA.token)
      .post('/api/users', {
        email: 'Moi@BaBe.gov.vn',
        displayName: 'Người Mới',
        role: 'operator',
        organisationId: w.wardA.id,
      })
      .expect(201);
    expect(created.body.user).toMatchObject({ email: 'moi@babe.gov.vn', mustChangePassword: true, active: true });
    expect(created.body.user.passwordHash).toBeUndefined();
    const otp = created.body.oneTimePassword as string;
    expect(otp).toMatch(/^\S{4}-\S{4}-\S{4}-\S{4}$/);
    const token = await t.login('moi@babe.gov.vn', otp);
    const fetched = await as(w.adminA.token).get(`/api/users/${created.body.user.id}`).expect(200);
    expect(fetched.body.passwordHash).toBeUndefined();
    expect(fetched.body.oneTimePassword).toBeUndefined();
    const reset = await as(w.adminA.token).post(`/api/users/${created.body.user.id}/reset-password`).expect(200);
    expect(reset.body.oneTimePassword).not.toBe(otp);
    await t.http().post('/api/auth/login').send({ email: 'moi@babe.gov.vn', password: otp }).expect(401);
    await t.login('moi@babe.gov.vn', reset.body.oneTimePassword as string);
    // a reset ends the user's sign-ins at once, access tokens included
    await as(token).get('/api/auth/me').expect(401);
    const dup = await as(w.adminA.token)
      .post('/api/users', {
        email: 'moi@babe.gov.vn',
        displayName: 'Trùng',
        role: 'operator',
        organisationId: w.wardA.id,
      })
      .expect(409);
    expect(dup.body.message).toBe('A user with the email moi@babe.gov.vn already exists.');
  });

  it('keeps the rules on roles and organisations', async () => {
    const global = await as(w.rootToken)
      .post('/api/users', {
        email: 'g@loa.vn',
        displayName: 'G',
        role: 'operator',
        organisationId: null,
        password: PASSWORD,
      })
      .expect(400);
    expect(global.body.message).toBe('Only an administrator can belong to no organisation.');
    await as(w.adminA.token).patch(`/api/users/${w.adminA.id}`, { role: 'operator' }).expect(403);
    await as(w.adminA.token).patch(`/api/users/${w.adminA.id}`, { active: false }).expect(403);
    const renamed = await as(w.adminA.token).patch(`/api/users/${w.commsA.id}`, { displayName: 'Chị Hoa' }).expect(200);
    expect(renamed.body.displayName).toBe('Chị Hoa');
  });

  it('pages and filters lists', async () => {
    const page1 = await as(w.rootToken).get('/api/users?pageSize=2&page=1').expect(200);
    const page2 = await as(w.rootToken).get('/api/users?pageSize=2&page=2').expect(200);
    expect(page1.body.items).toHaveLength(2);
    expect(page1.body).toMatchObject({ page: 1, pageSize: 2 });
    expect(page1.body.total).toBeGreaterThan(4);
    expect(page2.body.items[0].id).not.toBe(page1.body.items[0].id);
    const comms = await as(w.rootToken).get('/api/users?role=communications').expect(200);
    expect(comms.body.items.every((u: { role: string }) => u.role === 'communications')).toBe(true);
    const search = await as(w.rootToken)
      .get(`/api/organisations?q=${encodeURIComponent('chợ')}`)
      .expect(200);
    expect(search.body.items.map((o: { name: string }) => o.name).sort()).toEqual(['Huyện Chợ Đồn', 'Thị trấn Chợ Rã']);
    const wildcard = await as(w.rootToken).get('/api/organisations?q=%25').expect(200);
    expect(wildcard.body.total).toBe(0);
    const within = await as(w.rootToken).get(`/api/users?within=${w.districtA.id}&pageSize=100`).expect(200);
    expect(within.body.items.map((u: { email: string }) => u.email)).toContain('vh@chora.gov.vn');
    await as(w.rootToken).get('/api/users?pageSize=1000').expect(400);
  });

  it('reads the audit log with filters: who did what to which object, and when', async () => {
    const all = await as(w.rootToken).get('/api/audit?pageSize=100').expect(200);
    const actions = new Set(all.body.items.map((e: { action: string }) => e.action));
    for (const action of ['user.bootstrap_admin_created', 'auth.login', 'organisation.created', 'user.created']) {
      expect(actions).toContain(action);
    }
    const created = await as(w.rootToken).get(`/api/audit?action=user.created&objectId=${w.commsA.id}`).expect(200);
    expect(created.body.items).toHaveLength(1);
    expect(created.body.items[0]).toMatchObject({
      actorEmail: 'admin@loa.test',
      objectType: 'user',
      ip: expect.any(String),
    });
    const future = await as(w.rootToken).get('/api/audit?from=2100-01-01T00:00:00Z').expect(200);
    expect(future.body.total).toBe(0);
    const past = await as(w.rootToken).get('/api/audit?to=2000-01-01T00:00:00Z').expect(200);
    expect(past.body.total).toBe(0);
    const one = await as(w.rootToken).get(`/api/audit/${created.body.items[0].id}`).expect(200);
    expect(one.body.details).toMatchObject({ email: 'tt@babe.gov.vn', role: 'communications' });
    await as(w.rootToken).get('/api/audit?action=made.up').expect(400);
  });

  it('builds the schema from migrations, which also run backwards', async () => {
    const dataSource = t.app.get(DataSource);
    const applied = await dataSource.query('SELECT name FROM migrations');
    expect(applied.map((m: { name: string }) => m.name)).toEqual(MIGRATIONS.map((M) => new M().name));
    expect(await dataSource.showMigrations()).toBe(false);
    // the newest migration undoes cleanly on a database in use, and applies again
    await dataSource.undoLastMigration();
    expect(await dataSource.showMigrations()).toBe(true);
    await dataSource.runMigrations();
    expect(await dataSource.showMigrations()).toBe(false);
  });
});
