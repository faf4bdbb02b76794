import { expect } from '@jest/globals';
import { asUser, type World } from './fixtures.js';
import { fixture, settled, upload } from './media.js';
import type { TestApp } from './test-app.js';

/** A small poster, uploaded by district A's communications staff (or the uploader given) and approved by the province admin. */
export async function approvedCreative(
  t: TestApp,
  w: World,
  title = 'Cài đặt Bluezone – bảo vệ mình, bảo vệ cộng đồng',
  uploader: { token: string } = w.commsA,
  file: { body: Buffer; name: string } | null = null,
) {
  const res = file
    ? await upload(t, uploader.token, file.body, { title }, file.name)
    : await upload(t, uploader.token, fixture('led-768x384.webp'), { title });
  expect(res.status).toBe(202);
  const id = (res.body as { id: string }).id;
  expect((await settled(t, uploader.token, id)).status).toBe('ready');
  expect((await asUser(t, uploader.token).post(`/api/creatives/${id}/submit`)).status).toBe(200);
  expect((await asUser(t, w.provinceAdmin.token).post(`/api/creatives/${id}/approve`)).status).toBe(200);
  return id;
}

/** A bus-station screen in ward A, owned by ward A. */
export const busStationIn = (w: World, extra: object = {}) => ({
  name: 'Bến xe khách Chợ Rã – cửa ra bến',
  kind: 'transit',
  organisationId: w.wardA.id,
  localityId: w.wardA.id,
  venue: 'Bến xe khách Chợ Rã',
  tags: ['bến xe'],
  ...extra,
});
