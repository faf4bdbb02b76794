import { afterAll, beforeAll, expect, it, jest } from '@jest/globals';
import { DataSource } from 'typeorm';
import { User } from '../apps/server/src/users/user.entity.js';
import { describeEachEngine } from './support/engines.js';
import { createOrganisation, createUser, PASSWORD, startSeededApp, type World, asUser } from './support/fixtures.js';
import type { TestApp } from './support/test-app.js';

/** Defects found in review of the foundation; each test failed before its fix. */
describeEachEngine('hardening', (engine) => {
  let t: TestApp;
  let w: World;
  beforeAll(async () => ({ t, w } = await startSeededApp(engine)));
  afterAll(async () => t?.close());

  const as = (token: string) => asUser(t, token);

  it('does not let an administrator take over a peer administrator of the same organisation', async () => {
    const peer = await createUser(t, w.rootToken, {
      email: 'admin2@babe.gov.vn',
      role: 'admin',
      organisationId: w.districtA.id,
    });
    const reset = await as(w.adminA.token).post(`/api/users/${peer.id}/reset-password`).expect(403);
    expect(reset.body.message).toBe(
      'Administrators of your own organisation are managed by the organisation above it.',
    );
    await as(w.adminA.token).patch(`/api/users/${peer.id}`, { active: false }).expect(403);
    await as(w.adminA.token)
      .post('/api/users', {
        email: 'admin3@babe.gov.vn',
        displayName: 'A3',
        role: 'admin',
        organisationId: w.districtA.id,
      })
      .expect(403);
    await as(w.adminA.token).patch(`/api/users/${w.commsA.id}`, { role: 'admin' }).expect(403);
    // the organisation above manages them, and they manage the levels below
    await as(w.provinceAdmin.token).post(`/api/users/${peer.id}/reset-password`).expect(200);
    await as(w.adminA.token)
      .post('/api/users', {
        email: 'admin@chora.gov.vn',
        displayName: 'Ward admin',
        role: 'admin',
        organisationId: w.wardA.id,
      })
      .expect(201);
    // and an administrator still edits their own name
    await as(w.adminA.token).patch(`/api/users/${w.adminA.id}`, { displayName: 'Anh Ba' }).expect(200);
  });

  it('answers concurrent duplicates with 409, never 500, and logs no password hash', async () => {
    const printed: string[] = [];
    const capture = (...args: unknown[]) => {
      printed.push(args.map((arg) => (typeof arg === 'string' ? arg : JSON.stringify(arg))).join(' '));
      return true;
    };
    const spies = [
      jest.spyOn(process.stdout, 'write').mockImplementation(capture),
      jest.spyOn(process.stderr, 'write').mockImplementation(capture),
      jest.spyOn(console, 'log').mockImplementation(capture),
      jest.spyOn(console, 'error').mockImplementation(capture),
    ];
    try {
      await racingDuplicates();
      // and deterministically: a query that fails on a unique key, carrying a secret parameter
      const dataSource = t.app.get(DataSource);
      const secret = '$argon2id$v=19$m=65536,t=3,p=4$c2VjcmV0$bm90LWEtcmVhbC1oYXNo';
      await expect(
        dataSource
          .createQueryBuilder()
          .insert()
          .into(User)
          .values({
            email: 'tt@babe.gov.vn',
            displayName: 'x',
            passwordHash: secret,
            role: 'operator',
            organisationId: null,
          })
          .execute(),
      ).rejects.toThrow();
    } finally {
      spies.forEach((spy) => spy.mockRestore());
    }
    expect(printed.join('\n')).not.toMatch(/argon2id/);
  });

  async function racingDuplicates() {
    const codes = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        as(w.rootToken).post('/api/organisations', { name: `Công ty ${i}`, kind: 'company', code: 'MST-0101' }),
      ),
    );
    const statuses = codes.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.every((s) => s === 201 || s === 409)).toBe(true);
    const emails = await Promise.all(
      Array.from({ length: 6 }, () =>
        as(w.rootToken).post('/api/users', {
          email: 'cung-luc@babe.gov.vn',
          displayName: 'Cùng lúc',
          role: 'operator',
          organisationId: w.wardA.id,
          password: PASSWORD,
        }),
      ),
    );
    const userStatuses = emails.map((r) => r.status);
    expect(userStatuses.filter((s) => s === 201)).toHaveLength(1);
    expect(userStatuses.every((s) => s === 201 || s === 409)).toBe(true);
  }

  it('refuses null for fields that cannot be empty, instead of failing in the database', async () => {
    const active = await as(w.rootToken).patch(`/api/users/${w.commsA.id}`, { active: null }).expect(400);
    expect(active.body.details).toEqual([expect.objectContaining({ field: 'active', constraint: 'notNull' })]);
    await as(w.rootToken).patch(`/api/users/${w.commsA.id}`, { role: null }).expect(400);
    await as(w.rootToken).patch(`/api/users/${w.commsA.id}`, { displayName: null }).expect(400);
    const name = await as(w.rootToken)
      .patch(`/api/organisations/${w.wardA.id}`, { name: null })
      .set('Accept-Language', 'vi')
      .expect(400);
    expect(name.body.message).toBe(
      'Một số trường không hợp lệ: name không được là null (bỏ trường này đi để giữ giá trị hiện tại)',
    );
    // null still clears what may be cleared
    await as(w.rootToken).patch(`/api/organisations/${w.province.id}`, { code: null }).expect(200);
    await as(w.rootToken).patch(`/api/organisations/${w.province.id}`, { code: '06' }).expect(200);
  });

  it('bounds page numbers', async () => {
    await as(w.rootToken).get('/api/organisations?page=1e20').expect(400);
    await as(w.rootToken).get('/api/organisations?page=100001').expect(400);
    const last = await as(w.rootToken).get('/api/organisations?page=100000').expect(200);
    expect(last.body.items).toEqual([]);
  });

  it('refuses a tree deeper than its limit, on creation and on moves', async () => {
    let parent = w.company;
    for (let depth = 4; depth <= 20; depth++) {
      parent = await createOrganisation(t, w.rootToken, {
        name: `Chi nhánh cấp ${depth}`,
        kind: 'company',
        parentId: parent.id,
      });
    }
    const tooDeep = await as(w.rootToken)
      .post('/api/organisations', { name: 'Cấp 21', kind: 'company', parentId: parent.id })
      .expect(400);
    expect(tooDeep.body.message).toBe('The organisation tree can be at most 20 levels deep.');
    // moving a company with a child under the deepest one would make 22 levels
    const branch = await createOrganisation(t, w.rootToken, { name: 'Nhánh', kind: 'company' });
    await createOrganisation(t, w.rootToken, { name: 'Nhánh con', kind: 'company', parentId: branch.id });
    await as(w.rootToken).patch(`/api/organisations/${branch.id}`, { parentId: parent.id }).expect(400);
  });

  it('accepts dates the audit filter can read, and refuses the ISO forms it cannot', async () => {
    await as(w.rootToken).get('/api/audit?from=2020-W01').expect(400);
    await as(w.rootToken).get('/api/audit?from=2020-123').expect(400);
    const bad = await as(w.rootToken).get('/api/audit?to=20200101T000000Z').expect(400);
    expect(bad.body.details[0]).toMatchObject({ field: 'to', constraint: 'isInstant' });
    const day = await as(w.rootToken).get('/api/audit?from=2020-08-01&to=2100-01-01T00:00:00%2B07:00').expect(200);
    expect(day.body.total).toBeGreaterThan(0);
  });

  it('finds Vietnamese names whatever their case, on every engine', async () => {
    await createUser(t, w.rootToken, {
      email: 'do.anh@babe.gov.vn',
      role: 'operator',
      organisationId: w.wardA.id,
      displayName: 'ĐỖ Thị Ánh',
    });
    for (const q of ['đỗ', 'ĐỖ', 'ánh', 'thị á']) {
      const res = await as(w.rootToken)
        .get(`/api/users?q=${encodeURIComponent(q)}`)
        .expect(200);
      expect([q, res.body.items.map((u: { email: string }) => u.email)]).toEqual([q, ['do.anh@babe.gov.vn']]);
    }
    const org = await as(w.rootToken)
      .get(`/api/organisations?q=${encodeURIComponent('CHỢ ĐỒN')}`)
      .expect(200);
    expect(org.body.items.map((o: { name: string }) => o.name)).toEqual(['Huyện Chợ Đồn']);
  });
});
