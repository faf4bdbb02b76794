/**
 * A deterministic, realistic screen network for tests and benchmarks: Ho Chi Minh City (its 24
 * districts as of August 2020) and Bắc Kạn province (its 8 districts and town), the district
 * offices' screens, a coach company's bus-station screens and a few advertisers' LED and elevator
 * networks, the Bluezone contact-tracing campaign and many smaller ones, donated airtime, one
 * emergency and everybody's default posters. The same options always give the same network; a
 * seeded PRNG and separate streams per part keep the first N campaigns (or screens, donations) the
 * same whatever the other counts are.
 */
import type { OperatingWindow, Weekday } from '@loa/protocol';
import type { ScreenKind } from '@loa/screens';
import type {
  CampaignCreative,
  Dayparts,
  FillerEntry,
  Frequency,
  LoopPolicy,
  Priority,
  ScheduleCampaign,
  ScheduleCreative,
  ScheduleDonation,
  ScheduleEmergency,
  ScheduleScreen,
  Targeting,
} from './model.js';

export interface NetworkFixtureOptions {
  screens: number;
  campaigns: number;
  donations: number;
  /** UTC ms: the window's start, a UTC midnight (07:00 in Ho Chi Minh City). */
  from: number;
  /** Length of the window in days; 15 by default. */
  days?: number;
  seed?: number;
}

export interface FixtureLocality {
  id: string;
  name: string;
  kind: 'province' | 'city' | 'district' | 'ward';
  path: string;
}

export interface NetworkFixture {
  localities: FixtureLocality[];
  screens: ScheduleScreen[];
  /** transit 120/10, elevator 60/10, led_outdoor 300/10, web 120/10 */
  policyOf(screen: ScheduleScreen): LoopPolicy;
  /** campaigns[0] is the Bluezone campaign (by Ho Chi Minh City); campaigns[1] Bắc Kạn's copy of it. */
  campaigns: ScheduleCampaign[];
  /** donations[0] is the bus company's: 10 s of every loop on its station screens, to the pool. */
  donations: ScheduleDonation[];
  /** One: a two-hour takeover of one district of Ho Chi Minh City on the window's second day. */
  emergencies: ScheduleEmergency[];
  fillers: FillerEntry[];
  creatives: Map<string, ScheduleCreative>;
  /** ids worth naming in tests */
  named: {
    bluezone: string;
    busDonation: string;
    emergency: string;
    emergencyDistrictPath: string;
    busCompanyPath: string;
    stationTag: string;
  };
}

const HOUR = 3_600_000;
const DAY = 86_400_000;
/** Ho Chi Minh City and Bắc Kạn are at UTC+7 all year: local midnight is 17:00 UTC the day before. */
const LOCAL_OFFSET = 7 * HOUR;
const ZONE = 'Asia/Ho_Chi_Minh';

// ---------------------------------------------------------------------------------------------
// Randomness

/** mulberry32: a tiny, fast, seeded PRNG giving floats in [0, 1). */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

class Random {
  constructor(readonly next: () => number) {}
  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }
  chance(odds: number): boolean {
    return this.next() < odds;
  }
  /** Distinct items, in their list order. */
  some<T>(items: readonly T[], min: number, max: number): T[] {
    const n = Math.min(items.length, this.int(min, max));
    const chosen = new Set<number>();
    while (chosen.size < n) chosen.add(Math.floor(this.next() * items.length));
    return [...chosen].sort((a, b) => a - b).map((i) => items[i]);
  }
}

/** Cumulative weights, for picking in proportion. */
function weighted<T>(items: readonly T[], weightOf: (item: T) => number): (r: Random) => T {
  const cumulative: number[] = [];
  let total = 0;
  for (const item of items) cumulative.push((total += weightOf(item)));
  return (r) => {
    const x = r.next() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid] > x) hi = mid;
      else lo = mid + 1;
    }
    return items[lo];
  };
}

// ---------------------------------------------------------------------------------------------
// Places

interface DistrictSeed {
  readonly id: string;
  readonly name: string;
  /** How many of the region's screens stand there, roughly. */
  readonly weight: number;
  readonly wards: readonly string[];
}

const numbered = (...n: number[]) => n.map((k) => `Phường ${k}`);
const phuong = (...names: string[]) => names.map((n) => `Phường ${n}`);

const HCMC_DISTRICTS: readonly DistrictSeed[] = [
  {
    id: 'q1',
    name: 'Quận 1',
    weight: 4,
    wards: phuong('Bến Nghé', 'Bến Thành', 'Đa Kao', 'Nguyễn Thái Bình', 'Phạm Ngũ Lão'),
  },
  { id: 'q2', name: 'Quận 2', weight: 2, wards: phuong('An Phú', 'Thảo Điền', 'Bình An', 'Thủ Thiêm') },
  { id: 'q3', name: 'Quận 3', weight: 3, wards: numbered(1, 2, 3, 4, 5) },
  { id: 'q4', name: 'Quận 4', weight: 2, wards: numbered(1, 2, 3, 4) },
  { id: 'q5', name: 'Quận 5', weight: 2.5, wards: numbered(1, 2, 3, 4, 5) },
  { id: 'q6', name: 'Quận 6', weight: 2, wards: numbered(1, 2, 3, 4, 5) },
  {
    id: 'q7',
    name: 'Quận 7',
    weight: 3,
    wards: phuong('Tân Phong', 'Tân Phú', 'Tân Hưng', 'Tân Thuận Đông', 'Phú Mỹ', 'Bình Thuận'),
  },
  { id: 'q8', name: 'Quận 8', weight: 2, wards: numbered(1, 2, 3, 4, 5) },
  {
    id: 'q9',
    name: 'Quận 9',
    weight: 1.5,
    wards: phuong('Hiệp Phú', 'Phước Long B', 'Long Thạnh Mỹ', 'Tăng Nhơn Phú A'),
  },
  { id: 'q10', name: 'Quận 10', weight: 2.5, wards: numbered(1, 2, 3, 4, 5) },
  { id: 'q11', name: 'Quận 11', weight: 2, wards: numbered(1, 2, 3, 4, 5) },
  {
    id: 'q12',
    name: 'Quận 12',
    weight: 2,
    wards: phuong('Thạnh Lộc', 'Tân Chánh Hiệp', 'Đông Hưng Thuận', 'Trung Mỹ Tây', 'Hiệp Thành'),
  },
  {
    id: 'btan',
    name: 'Quận Bình Tân',
    weight: 2.5,
    wards: phuong('An Lạc', 'Bình Trị Đông', 'Tân Tạo', 'Bình Hưng Hòa'),
  },
  { id: 'bthanh', name: 'Quận Bình Thạnh', weight: 3, wards: numbered(1, 2, 3, 25, 26) },
  { id: 'gvap', name: 'Quận Gò Vấp', weight: 2.5, wards: numbered(1, 3, 5, 10, 17) },
  { id: 'pnhuan', name: 'Quận Phú Nhuận', weight: 2, wards: numbered(1, 2, 3, 4, 5) },
  { id: 'tbinh', name: 'Quận Tân Bình', weight: 3, wards: numbered(1, 2, 4, 12, 15) },
  { id: 'tphu', name: 'Quận Tân Phú', weight: 2, wards: phuong('Tân Sơn Nhì', 'Tây Thạnh', 'Phú Thạnh', 'Hòa Thạnh') },
  {
    id: 'tduc',
    name: 'Quận Thủ Đức',
    weight: 2,
    wards: phuong('Linh Trung', 'Linh Đông', 'Hiệp Bình Chánh', 'Bình Thọ'),
  },
  {
    id: 'bchanh',
    name: 'Huyện Bình Chánh',
    weight: 1,
    wards: ['Thị trấn Tân Túc', 'Xã Vĩnh Lộc A', 'Xã Bình Hưng', 'Xã Tân Kiên'],
  },
  {
    id: 'cgio',
    name: 'Huyện Cần Giờ',
    weight: 0.5,
    wards: ['Thị trấn Cần Thạnh', 'Xã Long Hòa', 'Xã Bình Khánh', 'Xã An Thới Đông'],
  },
  {
    id: 'cchi',
    name: 'Huyện Củ Chi',
    weight: 1,
    wards: ['Thị trấn Củ Chi', 'Xã Phú Mỹ Hưng', 'Xã Tân Thông Hội', 'Xã An Nhơn Tây'],
  },
  {
    id: 'hmon',
    name: 'Huyện Hóc Môn',
    weight: 1,
    wards: ['Thị trấn Hóc Môn', 'Xã Bà Điểm', 'Xã Xuân Thới Thượng', 'Xã Tân Xuân'],
  },
  {
    id: 'nbe',
    name: 'Huyện Nhà Bè',
    weight: 0.7,
    wards: ['Thị trấn Nhà Bè', 'Xã Phước Kiển', 'Xã Long Thới', 'Xã Hiệp Phước'],
  },
];

const BAC_KAN_DISTRICTS: readonly DistrictSeed[] = [
  {
    id: 'tpbk',
    name: 'Thành phố Bắc Kạn',
    weight: 1.5,
    wards: phuong('Đức Xuân', 'Sông Cầu', 'Phùng Chí Kiên', 'Nguyễn Thị Minh Khai'),
  },
  { id: 'babe', name: 'Huyện Ba Bể', weight: 0.5, wards: ['Thị trấn Chợ Rã', 'Xã Nam Mẫu', 'Xã Khang Ninh'] },
  {
    id: 'bthong',
    name: 'Huyện Bạch Thông',
    weight: 0.4,
    wards: ['Thị trấn Phủ Thông', 'Xã Cẩm Giàng', 'Xã Quang Thuận'],
  },
  { id: 'cdon', name: 'Huyện Chợ Đồn', weight: 0.4, wards: ['Thị trấn Bằng Lũng', 'Xã Ngọc Phái', 'Xã Bằng Lãng'] },
  { id: 'cmoi', name: 'Huyện Chợ Mới', weight: 0.4, wards: ['Thị trấn Đồng Tâm', 'Xã Thanh Mai', 'Xã Yên Đĩnh'] },
  { id: 'nari', name: 'Huyện Na Rì', weight: 0.3, wards: ['Thị trấn Yến Lạc', 'Xã Kim Lư', 'Xã Lương Thượng'] },
  { id: 'nson', name: 'Huyện Ngân Sơn', weight: 0.3, wards: ['Thị trấn Nà Phặc', 'Xã Vân Tùng', 'Xã Bằng Vân'] },
  { id: 'pnam', name: 'Huyện Pác Nặm', weight: 0.3, wards: ['Xã Bộc Bố', 'Xã Nhạn Môn', 'Xã Cổ Linh'] },
];

const HCMC_PATH = '/hcm/';
const BAC_KAN_PATH = '/bk/';
const EMERGENCY_DISTRICT = 'q7';

interface District {
  readonly id: string;
  readonly name: string;
  readonly path: string;
  readonly regionPath: string;
  readonly weight: number;
  readonly wards: readonly FixtureLocality[];
}

function buildPlaces(): { localities: FixtureLocality[]; districts: District[] } {
  const localities: FixtureLocality[] = [
    { id: 'hcm', name: 'Thành phố Hồ Chí Minh', kind: 'city', path: HCMC_PATH },
    { id: 'bk', name: 'Tỉnh Bắc Kạn', kind: 'province', path: BAC_KAN_PATH },
  ];
  const districts: District[] = [];
  for (const [regionPath, seeds] of [
    [HCMC_PATH, HCMC_DISTRICTS],
    [BAC_KAN_PATH, BAC_KAN_DISTRICTS],
  ] as const) {
    for (const seed of seeds) {
      const path = `${regionPath}${seed.id}/`;
      localities.push({ id: seed.id, name: seed.name, kind: 'district', path });
      const wards = seed.wards.map((name, k): FixtureLocality => ({
        id: `${seed.id}-${k + 1}`,
        name,
        kind: 'ward',
        path: `${path}${seed.id}-${k + 1}/`,
      }));
      localities.push(...wards);
      districts.push({ id: seed.id, name: seed.name, path, regionPath, weight: seed.weight, wards });
    }
  }
  return { localities, districts };
}

// ---------------------------------------------------------------------------------------------
// Time templates

const ALL_DAYS: readonly Weekday[] = [1, 2, 3, 4, 5, 6, 7];
const WEEKDAYS: readonly Weekday[] = [1, 2, 3, 4, 5];
const WEEKEND: readonly Weekday[] = [6, 7];
const daily = (from: string, to: string): OperatingWindow => ({ days: ALL_DAYS, from, to });

/** Screens' operating hours, shared (never copied per screen). */
const HOURS = {
  streets: [daily('05:30', '22:00')],
  late: [daily('06:00', '23:00')],
  midnight: [daily('06:00', '24:00')],
  busStop: [daily('05:00', '21:00')],
  station: [daily('04:00', '23:00')],
  office: [
    { days: WEEKDAYS, from: '07:00', to: '17:30' },
    { days: [6], from: '07:00', to: '11:30' },
  ],
} satisfies Record<string, readonly OperatingWindow[]>;

/** Campaigns' and donations' dayparts; the first is none (all the time). */
const DAYPARTS: readonly Dayparts[] = [
  [],
  [daily('06:00', '22:00')],
  [daily('06:00', '09:00'), daily('16:30', '19:30')],
  [{ days: WEEKDAYS, from: '07:30', to: '17:00' }],
  [daily('18:00', '22:00')],
  [{ days: WEEKEND, from: '07:00', to: '21:00' }],
  [daily('11:00', '13:30')],
];

const FREQUENCIES: readonly (Frequency | null)[] = [
  { kind: 'every', minutes: 15 },
  { kind: 'every', minutes: 30 },
  { kind: 'every', minutes: 60 },
  { kind: 'perHour', plays: 4 },
  { kind: 'perHour', plays: 6 },
  null,
];

const POLICIES: Readonly<Record<ScreenKind, LoopPolicy>> = {
  transit: { loopSeconds: 120, slotSeconds: 10 },
  elevator: { loopSeconds: 60, slotSeconds: 10 },
  led_outdoor: { loopSeconds: 300, slotSeconds: 10 },
  web: { loopSeconds: 120, slotSeconds: 10 },
};

// ---------------------------------------------------------------------------------------------
// Owners

interface Company {
  readonly id: string;
  readonly name: string;
  readonly path: string;
  readonly kinds: readonly ScreenKind[];
  /** Where its screens stand. */
  readonly districts: readonly string[];
}

const BUS_COMPANY: Company = {
  id: 'xe-khach',
  name: 'Công ty Xe khách Phương Trang',
  path: '/hcm/xe-khach/',
  kinds: ['transit'],
  districts: ['bthanh', 'btan', 'hmon', 'q12'],
};
const ADVERTISERS: readonly Company[] = [
  {
    id: 'sao-viet',
    name: 'Công ty Cổ phần Quảng cáo Sao Việt',
    path: '/hcm/sao-viet/',
    kinds: ['led_outdoor'],
    districts: ['q1', 'q3', 'q5', 'q7', 'q10', 'bthanh', 'tbinh', 'gvap', 'btan', 'pnhuan'],
  },
  {
    // registered under Quận 1, which does not schedule on its screens (its network is its own)
    id: 'dong-duong',
    name: 'Công ty TNHH Truyền thông Thang máy Đông Dương',
    path: '/hcm/q1/dong-duong/',
    kinds: ['elevator'],
    districts: ['q1', 'q2', 'q3', 'q7', 'bthanh', 'pnhuan', 'tbinh'],
  },
  {
    id: 'nam-phong',
    name: 'Công ty Cổ phần Truyền thông Nam Phong',
    path: '/hcm/nam-phong/',
    kinds: ['elevator', 'led_outdoor'],
    districts: ['q1', 'q2', 'q4', 'q7', 'q10', 'tduc', 'tphu'],
  },
  {
    id: 'qc-bac-kan',
    name: 'Công ty TNHH Quảng cáo Bắc Kạn',
    path: '/bk/qc-bac-kan/',
    kinds: ['led_outdoor'],
    districts: ['tpbk', 'babe'],
  },
];

interface Station {
  readonly venue: string;
  readonly district: string;
  /** Index into the district's wards. */
  readonly ward: number;
  readonly weight: number;
}
const STATIONS: readonly Station[] = [
  { venue: 'Bến xe Miền Đông', district: 'bthanh', ward: 4, weight: 4 },
  { venue: 'Bến xe Miền Tây', district: 'btan', ward: 0, weight: 3 },
  { venue: 'Bến xe An Sương', district: 'hmon', ward: 1, weight: 2 },
  { venue: 'Bến xe Ngã Tư Ga', district: 'q12', ward: 0, weight: 1 },
];
const STATION_TAG = 'bến xe';

/** Office towers, malls and apartment blocks with lift screens, by district. */
const BUILDINGS: Readonly<Record<string, readonly string[]>> = {
  q1: ['Saigon Centre', 'Bitexco Financial Tower', 'Vincom Center Đồng Khởi', 'Saigon Trade Center'],
  q2: ['Masteri Thảo Điền', 'The Vista An Phú', 'Estella Heights'],
  q3: ['Saigon Pavillon', 'Tòa nhà Hà Đô', 'Vincom Plaza 3/2'],
  q4: ['The Gold View', 'Saigon Royal'],
  q7: ['Sunrise City', 'Crescent Mall', 'Sky Garden', 'SC VivoCity'],
  q10: ['Vạn Hạnh Mall', 'Hà Đô Centrosa'],
  bthanh: ['Landmark 81', 'Pearl Plaza', 'Saigon Pearl'],
  pnhuan: ['Orchard Garden', 'Centre Point'],
  tbinh: ['Republic Plaza', 'Pico Plaza', 'Etown Cộng Hòa'],
  tduc: ['Vincom Plaza Thủ Đức', 'Chung cư 4S Linh Đông'],
  tphu: ['Aeon Mall Tân Phú', 'Celadon City'],
};

const TOPICS = [
  'deo-khau-trang',
  'rua-tay-sat-khuan',
  'khai-bao-y-te',
  'sot-xuat-huyet',
  'tiem-chung-mo-rong',
  'an-toan-giao-thong',
  'hien-mau-nhan-dao',
  'bao-hiem-y-te',
  'phong-chay-chua-chay',
  've-sinh-an-toan-thuc-pham',
  'khong-hut-thuoc-la',
  'phan-loai-rac',
  'tuan-le-bien-dao',
  'tuyen-sinh-lop-10',
  'tra-cuu-dich-vu-cong',
] as const;
/** Campaign-level urgency of summer 2020: travellers back from Đà Nẵng declare their health. */
const URGENT_TOPICS = ['khai-bao-y-te-da-nang', 'cach-ly-tai-nha', 'xet-nghiem-covid-19'] as const;

const SCREEN_TAGS = ['chợ', 'trường học', 'bệnh viện', 'ủy ban', 'công viên'] as const;

// ---------------------------------------------------------------------------------------------
// The network

const pad = (n: number, width: number) => String(n).padStart(width, '0');
const none = (over: Partial<Targeting> = {}): Targeting => ({
  groupIds: [],
  tags: [],
  localityPaths: [],
  kinds: [],
  venues: [],
  ...over,
});

export function realNetwork(options: NetworkFixtureOptions): NetworkFixture {
  const days = options.days ?? 15;
  const seed = options.seed ?? 20_200_810;
  const { from } = options;
  const to = from + days * DAY;
  /** Local midnight starting the window's first local day (the window opens at 07:00 local). */
  const localDay0 = from - LOCAL_OFFSET;
  const stream = (salt: number) => new Random(mulberry32((seed ^ Math.imul(salt, 0x9e3779b1)) >>> 0));

  const { localities, districts } = buildPlaces();
  const districtById = new Map(districts.map((d) => [d.id, d]));
  const anyDistrict = weighted(districts, (d) => d.weight);
  const emergencyDistrict = districtById.get(EMERGENCY_DISTRICT)!;

  const creatives = new Map<string, ScheduleCreative>();
  const poster = (id: string, validFrom: number | null = null, validUntil: number | null = null) => {
    creatives.set(id, { id, kind: 'image', durationSeconds: null, validFrom, validUntil });
    return id;
  };
  const clip = (id: string, seconds: number, validFrom: number | null = null, validUntil: number | null = null) => {
    creatives.set(id, { id, kind: 'video', durationSeconds: seconds, validFrom, validUntil });
    return id;
  };

  // screens ------------------------------------------------------------------------------------
  const screens: ScheduleScreen[] = [];
  {
    const r = stream(1);
    const pickStation = weighted(STATIONS, (s) => s.weight);
    const companyDistricts = new Map(
      ADVERTISERS.map((c) => [
        c.id,
        weighted(
          c.districts.map((id) => districtById.get(id)!),
          (d) => d.weight,
        ),
      ]),
    );
    const tagSets = new Map<string, readonly string[]>();
    /** Tag lists are shared between screens, as the hours are. */
    const tags = (...list: string[]) => {
      const key = list.join('|');
      let found = tagSets.get(key);
      if (!found) tagSets.set(key, (found = Object.freeze(list)));
      return found;
    };
    const headquarters = districtById.get('q1')!.wards[4]; // Phạm Ngũ Lão
    for (let i = 0; i < options.screens; i++) {
      const id = `scr-${pad(i, 5)}`;
      const roll = r.next();
      // every 100th screen pair stands in the emergency's district: one a district office's, one a company's
      const forced = i % 100 === 1 ? 'office' : i % 100 === 2 ? 'company' : null;
      if (forced === null && i % 10 === 0) {
        // the bus company: its station screens, and a few lifts at its head office
        if (r.chance(0.88)) {
          const station = pickStation(r);
          const ward = districtById.get(station.district)!.wards[station.ward];
          screens.push({
            id,
            kind: 'transit',
            tags: r.chance(0.6) ? tags(STATION_TAG, 'phòng chờ') : tags(STATION_TAG, 'ngoài trời'),
            localityPath: ward.path,
            organisationPath: BUS_COMPANY.path,
            networkPath: BUS_COMPANY.path,
            venue: station.venue,
            groupIds: [],
            timezone: ZONE,
            operatingHours: HOURS.station,
          });
        } else {
          screens.push({
            id,
            kind: 'elevator',
            tags: tags('văn phòng'),
            localityPath: headquarters.path,
            organisationPath: BUS_COMPANY.path,
            networkPath: BUS_COMPANY.path,
            venue: 'Trụ sở Phương Trang',
            groupIds: [],
            timezone: ZONE,
            operatingHours: null,
          });
        }
        continue;
      }
      if (forced === 'office' || (forced === null && roll < 0.5)) {
        // a district office's screen: LED at crossroads and markets, bus-stop panels, a few lobbies and web pages
        const district = forced ? emergencyDistrict : anyDistrict(r);
        const ward = r.pick(district.wards);
        const k = r.next();
        const kind: ScreenKind = k < 0.55 ? 'led_outdoor' : k < 0.8 ? 'transit' : k < 0.9 ? 'elevator' : 'web';
        let screenTags: readonly string[];
        let hours: readonly OperatingWindow[] | null;
        let venue: string | null = null;
        switch (kind) {
          case 'led_outdoor': {
            const place = r.chance(0.4) ? r.pick(SCREEN_TAGS) : null;
            screenTags = place ? tags('ngoài trời', place) : tags('ngoài trời');
            hours = r.pick([HOURS.streets, HOURS.streets, HOURS.late, HOURS.midnight]);
            if (place === 'chợ') venue = `Chợ ${ward.name.replace(/^(Phường|Xã|Thị trấn) /, '')}`;
            break;
          }
          case 'transit':
            screenTags = tags('trạm xe buýt', 'ngoài trời');
            hours = HOURS.busStop;
            break;
          case 'elevator': {
            const place = r.chance(0.5) ? 'bệnh viện' : 'ủy ban';
            screenTags = tags('sảnh', place);
            hours = HOURS.office;
            venue = place === 'bệnh viện' ? `Trung tâm Y tế ${district.name}` : `UBND ${ward.name}`;
            break;
          }
          case 'web':
            screenTags = tags('web');
            hours = null;
            break;
        }
        screens.push({
          id,
          kind,
          tags: screenTags,
          localityPath: ward.path,
          organisationPath: district.path,
          networkPath: null,
          venue,
          groupIds: [],
          timezone: ZONE,
          operatingHours: hours,
        });
        continue;
      }
      // an advertiser's screen, in its own network
      const company = forced ? ADVERTISERS[2] : ADVERTISERS[roll < 0.66 ? 0 : roll < 0.8 ? 1 : roll < 0.95 ? 2 : 3];
      const district = forced ? emergencyDistrict : companyDistricts.get(company.id)!(r);
      const ward = r.pick(district.wards);
      const kind = company.kinds.length === 1 ? company.kinds[0] : r.chance(0.6) ? 'elevator' : 'led_outdoor';
      if (kind === 'elevator') {
        const buildings = BUILDINGS[district.id];
        const venue = buildings ? r.pick(buildings) : `Chung cư ${ward.name}`;
        screens.push({
          id,
          kind,
          tags: tags('thang máy', r.pick(['chung cư', 'văn phòng', 'trung tâm thương mại'])),
          localityPath: ward.path,
          organisationPath: company.path,
          networkPath: company.path,
          venue,
          groupIds: [],
          timezone: ZONE,
          operatingHours: r.chance(0.6) ? null : HOURS.late,
        });
      } else {
        screens.push({
          id,
          kind,
          tags: r.chance(0.3) ? tags('ngoài trời', 'giao lộ') : tags('ngoài trời'),
          localityPath: ward.path,
          organisationPath: company.path,
          networkPath: company.path,
          venue: null,
          groupIds: [],
          timezone: ZONE,
          operatingHours: r.chance(0.5) ? HOURS.streets : HOURS.midnight,
        });
      }
    }
  }

  // campaigns ----------------------------------------------------------------------------------
  const campaigns: ScheduleCampaign[] = [];
  // each region's own: through the pool, companies' screens carry it within the region
  const bluezoneFor = (id: string, ownerPath: string): ScheduleCampaign => ({
    id,
    ownerPath,
    priority: 'campaign',
    flightStart: localDay0 - 7 * DAY,
    flightEnd: to + 7 * DAY,
    dayparts: [daily('06:00', '22:00')],
    targeting: none({ kinds: ['led_outdoor', 'elevator', 'transit', 'web'], localityPaths: [ownerPath] }),
    creatives: [
      { creativeId: poster(`${id}-poster-1`), weight: 1, durationSeconds: null },
      { creativeId: poster(`${id}-poster-2`), weight: 1, durationSeconds: null },
    ],
    frequency: { kind: 'every', minutes: 15 },
    minGapSeconds: null,
    acceptsDonations: true,
  });
  if (options.campaigns > 0) campaigns.push(bluezoneFor('bluezone', HCMC_PATH));
  if (options.campaigns > 1) campaigns.push(bluezoneFor('bluezone-bk', BAC_KAN_PATH));
  {
    const r = stream(2);
    const KIND_SETS: readonly (readonly ScreenKind[])[] = [
      ['led_outdoor'],
      ['transit'],
      ['elevator'],
      ['led_outdoor', 'transit'],
      ['elevator', 'web'],
    ];
    for (let k = campaigns.length; k < options.campaigns; k++) {
      const owner = r.next();
      const district = anyDistrict(r);
      const ownerPath = owner < 0.72 ? district.path : owner < 0.9 ? HCMC_PATH : BAC_KAN_PATH;
      const p = r.next();
      const priority: Priority = p < 0.06 ? 'emergency' : p < 0.14 ? 'filler' : 'campaign';
      const topic = priority === 'emergency' ? r.pick(URGENT_TOPICS) : r.pick(TOPICS);
      const id = `c${pad(k, 4)}-${topic}`;
      // flights start at local midnight (some at noon), from twelve days before the window to its end
      const flightStart = localDay0 + r.int(-12, days) * DAY + (r.chance(0.15) ? 12 * HOUR : 0);
      const flightEnd = flightStart + r.int(2, 30) * DAY;
      const dayparts = r.chance(0.35) ? [] : r.pick(DAYPARTS);
      // an emergency-class campaign always says how often: without, it would take every slot
      const frequency = priority === 'emergency' ? r.pick(FREQUENCIES.slice(1, 4)) : r.pick(FREQUENCIES);
      const kinds = r.chance(0.4) ? r.pick(KIND_SETS) : [];
      let localityPaths: string[] = [];
      if (r.chance(0.4)) {
        if (ownerPath === district.path) localityPaths = r.some(district.wards, 1, 2).map((w) => w.path);
        else {
          const region = districts.filter((d) => d.regionPath === ownerPath);
          localityPaths = r.some(region, 1, 3).map((d) => d.path);
        }
      }
      const targetTags = r.chance(0.15) ? [r.pick(SCREEN_TAGS)] : [];
      const count = r.int(1, 3);
      const campaignCreatives: CampaignCreative[] = [];
      for (let j = 0; j < count; j++) {
        const creativeId = `${id}-k${j + 1}`;
        const v = r.next();
        const validFrom = v < 0.06 ? from + r.int(0, days - 1) * DAY + r.int(0, 23) * HOUR : null;
        const validUntil = v >= 0.06 && v < 0.1 ? from + r.int(1, days) * DAY - r.int(0, 23) * HOUR : null;
        const form = r.next();
        if (form < 0.78) poster(creativeId, validFrom, validUntil);
        else clip(creativeId, form < 0.9 ? 15 : 30, validFrom, validUntil);
        campaignCreatives.push({
          creativeId,
          weight: r.int(1, 3),
          durationSeconds: form < 0.62 ? null : form < 0.78 ? 20 : null,
        });
      }
      campaigns.push({
        id,
        ownerPath,
        priority,
        flightStart,
        flightEnd,
        dayparts,
        targeting: none({ kinds, localityPaths, tags: targetTags }),
        creatives: campaignCreatives,
        frequency,
        minGapSeconds: r.chance(0.05) ? 300 : null,
        acceptsDonations: priority !== 'filler' && r.chance(0.25),
      });
    }
  }

  // donations ----------------------------------------------------------------------------------
  const donations: ScheduleDonation[] = [];
  if (options.donations > 0) {
    donations.push({
      id: 'd000-xe-khach-pool',
      donorPath: BUS_COMPANY.path,
      campaignId: null,
      amount: { kind: 'secondsPerLoop', seconds: 10 },
      targeting: none({ tags: [STATION_TAG] }),
      start: from,
      end: to,
      dayparts: [],
      withdrawnAt: null,
      maxPlaysPerDay: null,
    });
  }
  {
    const r = stream(3);
    const publicService = campaigns.filter((c) => c.acceptsDonations && c.priority !== 'filler').map((c) => c.id);
    for (let k = 1; k < options.donations; k++) {
      const bus = r.chance(0.2);
      const donor = bus ? BUS_COMPANY : r.pick(ADVERTISERS);
      // the second donation: an advertiser's lifts carry Bluezone by name
      const campaignId =
        k === 1 && campaigns.length > 0
          ? campaigns[0].id
          : r.chance(0.35) && publicService.length > 0
            ? r.pick(publicService)
            : null;
      const amount: ScheduleDonation['amount'] = r.chance(0.55)
        ? { kind: 'secondsPerLoop', seconds: r.pick([10, 10, 20, 30]) }
        : { kind: 'slotsPerHour', slots: r.pick([6, 12, 20, 30]) };
      let targeting = none();
      const t = r.next();
      if (bus) targeting = none({ tags: [STATION_TAG] });
      else if (t < 0.3) targeting = none({ kinds: [r.pick(donor.kinds)] });
      else if (t < 0.55) targeting = none({ localityPaths: [districtById.get(r.pick(donor.districts))!.path] });
      const shortPeriod = r.chance(0.35);
      const start = shortPeriod ? localDay0 + r.int(0, days - 1) * DAY : localDay0 - r.int(0, 10) * DAY;
      const end = shortPeriod ? start + r.int(1, 5) * DAY : r.chance(0.5) ? null : to + r.int(0, 10) * DAY;
      const withdrawn = k === 3 || k === 7;
      donations.push({
        id: `d${pad(k, 3)}-${donor.id}`,
        donorPath: donor.path,
        campaignId,
        amount: k === 1 ? { kind: 'slotsPerHour', slots: 6 } : amount,
        targeting: k === 1 ? none({ kinds: ['elevator'] }) : targeting,
        start: k === 1 || withdrawn ? localDay0 - 3 * DAY : start,
        end: k === 1 || withdrawn ? null : end,
        dayparts: k !== 1 && r.chance(0.25) ? r.pick(DAYPARTS.slice(1)) : [],
        // withdrawn mid-window, mid-loop
        withdrawnAt: withdrawn ? from + Math.floor(days / 2) * DAY + 5 * HOUR + 13 * 60_000 + 20_000 : null,
        maxPlaysPerDay: r.chance(0.2) ? r.pick([40, 100, 240]) : null,
      });
    }
  }

  // the emergency ------------------------------------------------------------------------------
  const emergencyStart = from + DAY + 3 * HOUR + 7 * 60_000 + 34_000; // day 2, 10:07:34 local: mid-play
  const emergency: ScheduleEmergency = {
    id: 'e-q7-khai-bao-y-te',
    scopePath: HCMC_PATH,
    localityPaths: [emergencyDistrict.path],
    groupIds: [],
    creativeId: null,
    message: {
      text:
        'KHẨN CẤP: Người dân Quận 7 từng đến Đà Nẵng từ ngày 15/7 liên hệ ngay Trung tâm Y tế Quận 7 ' +
        'để khai báo y tế và xét nghiệm. Đường dây nóng: 1900 9095.',
    },
    durationSeconds: null,
    start: emergencyStart,
    end: emergencyStart + 2 * HOUR,
    cancelledAt: null,
  };

  // fillers ------------------------------------------------------------------------------------
  const fillers: FillerEntry[] = [];
  const entry = (id: string, creativeId: string, position: number, target: FillerEntry['target']) =>
    fillers.push({ id, creativeId, durationSeconds: null, position, target });
  for (const region of [HCMC_PATH, BAC_KAN_PATH]) {
    const slug = region.slice(1, -1);
    entry(`f-${slug}-1`, poster(`filler-${slug}-1`), 0, { kind: 'organisation', organisationPath: region });
  }
  for (const d of districts) {
    entry(`f-${d.id}-1`, poster(`filler-${d.id}-1`), 0, { kind: 'organisation', organisationPath: d.path });
    entry(`f-${d.id}-2`, poster(`filler-${d.id}-2`), 1, { kind: 'organisation', organisationPath: d.path });
  }
  for (const c of [BUS_COMPANY, ...ADVERTISERS]) {
    entry(`f-${c.id}-1`, poster(`filler-${c.id}-1`), 0, { kind: 'organisation', organisationPath: c.path });
    // a house clip after the poster: where it does not fit, the poster fills in
    entry(`f-${c.id}-2`, clip(`filler-${c.id}-clip`, 15), 1, { kind: 'organisation', organisationPath: c.path });
  }
  for (let i = 5; i < screens.length; i += 97) {
    const screen = screens[i];
    entry(`f-${screen.id}`, poster(`filler-${screen.id}`), 0, { kind: 'screen', screenId: screen.id });
  }

  return {
    localities,
    screens,
    policyOf: (screen) => POLICIES[screen.kind],
    campaigns,
    donations,
    emergencies: [emergency],
    fillers,
    creatives,
    named: {
      bluezone: 'bluezone',
      busDonation: 'd000-xe-khach-pool',
      emergency: emergency.id,
      emergencyDistrictPath: emergencyDistrict.path,
      busCompanyPath: BUS_COMPANY.path,
      stationTag: STATION_TAG,
    },
  };
}
