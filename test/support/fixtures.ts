import { expect } from '@jest/globals';
import type { Role } from '@loa/identity';
import type { AppOptions } from '../../apps/server/src/app.module.js';
import type { EngineName } from './engines.js';
import { ADMIN, startTestApp, type TestApp } from './test-app.js';

export const PASSWORD = 'mat-khau-du-dai-2020';

export interface Org {
  id: string;
  name: string;
  kind: string;
  path: string;
  parentId: string | null;
}

export interface SeededUser {
  id: string;
  email: string;
  token: string;
}

/**
 * A province with two districts (A and B), a ward in A and a company, plus users in each,
 * made through the public API as a real administrator would.
 */
export interface World {
  rootToken: string;
  province: Org;
  districtA: Org;
  districtB: Org;
  wardA: Org;
  company: Org;
  provinceAdmin: SeededUser;
  adminA: SeededUser;
  commsA: SeededUser;
  commsB: SeededUser;
  operatorWardA: SeededUser;
  advertiser: SeededUser;
}

/** Requests signed in as the holder of this access token. */
export function asUser(t: TestApp, token: string) {
  return {
    get: (path: string) => t.http().get(path).auth(token, { type: 'bearer' }),
    post: (path: string, body: object = {}) => t.http().post(path).auth(token, { type: 'bearer' }).send(body),
    patch: (path: string, body: object) => t.http().patch(path).auth(token, { type: 'bearer' }).send(body),
    delete: (path: string) => t.http().delete(path).auth(token, { type: 'bearer' }),
  };
}

export async function createOrganisation(
  t: TestApp,
  token: string,
  body: { name: string; kind: string; parentId?: string | null; code?: string },
): Promise<Org> {
  const res = await t.http().post('/api/organisations').auth(token, { type: 'bearer' }).send(body);
  expect(res.status).toBe(201);
  return res.body as Org;
}

export async function createUser(
  t: TestApp,
  token: string,
  body: { email: string; role: Role; organisationId: string | null; displayName?: string },
): Promise<SeededUser> {
  const res = await t
    .http()
    .post('/api/users')
    .auth(token, { type: 'bearer' })
    .send({ displayName: body.email.split('@')[0], password: PASSWORD, ...body });
  expect(res.status).toBe(201);
  const id = (res.body as { user: { id: string } }).user.id;
  return { id, email: body.email, token: await t.login(body.email, PASSWORD) };
}

export async function seedWorld(t: TestApp): Promise<World> {
  const rootToken = await t.login(ADMIN.email, ADMIN.password);
  const province = await createOrganisation(t, rootToken, { name: 'Tỉnh Bắc Kạn', kind: 'province', code: '06' });
  const districtA = await createOrganisation(t, rootToken, {
    name: 'Huyện Ba Bể',
    kind: 'district',
    parentId: province.id,
  });
  const districtB = await createOrganisation(t, rootToken, {
    name: 'Huyện Chợ Đồn',
    kind: 'district',
    parentId: province.id,
  });
  const wardA = await createOrganisation(t, rootToken, {
    name: 'Thị trấn Chợ Rã',
    kind: 'ward',
    parentId: districtA.id,
  });
  const company = await createOrganisation(t, rootToken, {
    name: 'Công ty Quảng cáo Ánh Dương',
    kind: 'company',
    parentId: districtB.id,
  });
  const provinceAdmin = await createUser(t, rootToken, {
    email: 'admin@backan.gov.vn',
    role: 'admin',
    organisationId: province.id,
  });
  const adminA = await createUser(t, rootToken, {
    email: 'admin@babe.gov.vn',
    role: 'admin',
    organisationId: districtA.id,
  });
  const commsA = await createUser(t, rootToken, {
    email: 'tt@babe.gov.vn',
    role: 'communications',
    organisationId: districtA.id,
  });
  const commsB = await createUser(t, rootToken, {
    email: 'tt@chodon.gov.vn',
    role: 'communications',
    organisationId: districtB.id,
  });
  const operatorWardA = await createUser(t, rootToken, {
    email: 'vh@chora.gov.vn',
    role: 'operator',
    organisationId: wardA.id,
  });
  const advertiser = await createUser(t, rootToken, {
    email: 'ads@anhduong.vn',
    role: 'advertiser',
    organisationId: company.id,
  });
  return {
    rootToken,
    province,
    districtA,
    districtB,
    wardA,
    company,
    provinceAdmin,
    adminA,
    commsA,
    commsB,
    operatorWardA,
    advertiser,
  };
}

/** A fresh server on the engine, with the world above in it. */
export async function startSeededApp(
  engine: EngineName,
  options: AppOptions = {},
  env: Record<string, string> = {},
): Promise<{ t: TestApp; w: World }> {
  const t = await startTestApp(engine, env, options);
  return { t, w: await seedWorld(t) };
}
