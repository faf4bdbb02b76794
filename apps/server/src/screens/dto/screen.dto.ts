import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsLatitude,
  IsLongitude,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import type { MediaCacheReport, NowPlaying, ScreenGeometry, ScreenLayout } from '@loa/protocol';
import { SCREEN_KINDS, type ScreenKind } from '@loa/screens';
import { PageDto, PageQueryDto } from '../../common/pagination.js';
import { booleanFromQuery, trimmed } from '../../common/transforms.js';
import { OptionalNotNull } from '../../common/validators.js';

const tagList = ({ value }: { value: unknown }): unknown =>
  Array.isArray(value) ? value.map((t: unknown) => (typeof t === 'string' ? t.trim() : t)) : value;

export class OperatingWindowDto {
  @ApiProperty({ type: [Number], example: [1, 2, 3, 4, 5, 6, 7], description: '1 = Monday … 7 = Sunday' })
  @IsArray()
  @ArrayMaxSize(7)
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(7, { each: true })
  days: (1 | 2 | 3 | 4 | 5 | 6 | 7)[];

  @ApiProperty({ example: '05:30', description: 'Local time HH:MM' })
  @IsString()
  @Matches(/^([01]\d|2[0-3]):[0-5]\d$/)
  from: string;

  @ApiProperty({ example: '22:00', description: 'Local time HH:MM or 24:00; before "from" means past midnight' })
  @IsString()
  @Matches(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/)
  to: string;
}

export class ScreenLayoutDto implements ScreenLayout {
  @ApiProperty({ description: 'A ticker along the bottom with the texts of the campaigns on air' })
  @IsBoolean()
  ticker: boolean;

  @ApiProperty({ description: 'A QR corner with the link of the campaign playing' })
  @IsBoolean()
  qr: boolean;

  @ApiProperty({ description: 'A clock in the screen’s time zone' })
  @IsBoolean()
  clock: boolean;

  @ApiProperty({ enum: ['cut', 'fade'], description: 'How one item gives way to the next' })
  @IsIn(['cut', 'fade'])
  transition: 'cut' | 'fade';
}

/** What describes a screen; shared by create, update and claim. */
export class ScreenFieldsDto {
  @ApiPropertyOptional({ example: 'Bến xe khách Bắc Kạn – cửa ra bến', maxLength: 200 })
  @OptionalNotNull()
  @Transform(trimmed)
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ enum: SCREEN_KINDS })
  @OptionalNotNull()
  @IsIn(SCREEN_KINDS)
  kind?: ScreenKind;

  @ApiPropertyOptional({
    example: 'transit-1920x1080',
    description: 'Screen profile key (resolution and orientation); defaults by kind',
  })
  @OptionalNotNull()
  @IsString()
  @Matches(/^[a-z0-9][a-z0-9-]{0,47}$/)
  profileKey?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Owner; defaults to your own organisation' })
  @OptionalNotNull()
  @IsUUID()
  organisationId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The province, district or ward where it stands' })
  @OptionalNotNull()
  @IsUUID()
  localityId?: string;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'Bến xe khách Bắc Kạn' })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @Transform(trimmed)
  @IsString()
  @MaxLength(200)
  venue?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'Tổ 1, phường Đức Xuân, TP Bắc Kạn' })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @Transform(trimmed)
  @IsString()
  @MaxLength(500)
  address?: string | null;

  @ApiPropertyOptional({ type: Number, nullable: true, example: 22.147 })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsLatitude()
  latitude?: number | null;

  @ApiPropertyOptional({ type: Number, nullable: true, example: 105.8348 })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsLongitude()
  longitude?: number | null;

  @ApiPropertyOptional({ example: 'Asia/Ho_Chi_Minh', description: 'IANA time zone' })
  @OptionalNotNull()
  @IsString()
  @MaxLength(64)
  timezone?: string;

  @ApiPropertyOptional({
    type: [OperatingWindowDto],
    nullable: true,
    description: 'When the screen is on, in its local time; null = always',
  })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => OperatingWindowDto)
  operatingHours?: OperatingWindowDto[] | null;

  @ApiPropertyOptional({
    type: ScreenLayoutDto,
    nullable: true,
    description: 'Zones around the main one; null: the default',
  })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @ValidateNested()
  @Type(() => ScreenLayoutDto)
  layout?: ScreenLayoutDto | null;

  @ApiPropertyOptional({ type: [String], example: ['bến xe', 'ngoài trời'] })
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(30)
  @Transform(tagList)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(50, { each: true })
  tags?: string[];
}

export class CreateScreenDto extends ScreenFieldsDto {
  @ApiProperty({ example: 'Bến xe khách Bắc Kạn – cửa ra bến', maxLength: 200 })
  @Transform(trimmed)
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  declare name: string;

  @ApiProperty({ enum: SCREEN_KINDS })
  @IsIn(SCREEN_KINDS)
  declare kind: ScreenKind;

  @ApiProperty({ format: 'uuid', description: 'The province, district or ward where it stands' })
  @IsUUID()
  declare localityId: string;
}

export class UpdateScreenDto extends ScreenFieldsDto {}

export class ClaimScreenDto extends ScreenFieldsDto {
  @ApiProperty({ example: '7KQ-2MX', description: 'The code the screen shows' })
  @IsString()
  @MaxLength(20)
  code: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'Pair this existing screen (replacing its device); otherwise give the fields of a new screen',
  })
  @IsOptional()
  @IsUUID()
  screenId?: string;
}

export class ReplaceDeviceDto {
  @ApiProperty({ example: '7KQ-2MX', description: 'The code the new device shows' })
  @IsString()
  @MaxLength(20)
  code: string;
}

export class ScreenQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: SCREEN_KINDS })
  @IsOptional()
  @IsIn(SCREEN_KINDS)
  kind?: ScreenKind;

  @ApiPropertyOptional({ description: 'Screens with this tag' })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  tag?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Screens standing in this locality or below it' })
  @IsOptional()
  @IsUUID()
  localityId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Members of this group' })
  @IsOptional()
  @IsUUID()
  groupId?: string;

  @ApiPropertyOptional({ description: 'Online (true) or offline (false) now' })
  @IsOptional()
  @Transform(booleanFromQuery)
  @IsBoolean()
  online?: boolean;

  @ApiPropertyOptional({ description: 'Part of the name, venue or address' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;
}

export class ScreenGeometryDto implements ScreenGeometry {
  @ApiProperty() width: number;
  @ApiProperty() height: number;
  @ApiProperty() devicePixelRatio: number;
}

export class NowPlayingDto implements NowPlaying {
  @ApiProperty({ format: 'uuid' }) creativeId: string;
  @ApiProperty() renditionSha256: string;
  @ApiProperty({ format: 'date-time' }) startedAt: string;
}

export class MediaCacheReportDto implements MediaCacheReport {
  @ApiProperty({ description: 'Files of its plan the player holds, verified' }) files: number;
  @ApiProperty() bytes: number;
  @ApiProperty({ description: 'Files of its plan not downloaded yet: their plays are skipped until they are' })
  missing: number;
}

export class ScreenStatusDto {
  @ApiProperty({ description: 'Connected, with a heartbeat within the last 90 s' }) online: boolean;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastSeenAt: Date | null;
  @ApiProperty({ type: String, nullable: true, example: '0.1.0' }) playerVersion: string | null;
  @ApiProperty({ type: ScreenGeometryDto, nullable: true }) viewport: ScreenGeometryDto | null;
  @ApiProperty({ type: Number, nullable: true }) freeBytes: number | null;
  @ApiProperty({ type: MediaCacheReportDto, nullable: true }) cache: MediaCacheReportDto | null;
  @ApiProperty({ type: NowPlayingDto, nullable: true }) playing: NowPlayingDto | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The playlist the server made for the screen (an offline player may still hold an older one)',
  })
  playlistVersion: string | null;
}

export class ScreenDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: SCREEN_KINDS }) kind: ScreenKind;
  @ApiProperty() profileKey: string;
  @ApiProperty({ format: 'uuid' }) organisationId: string;
  @ApiProperty({ format: 'uuid' }) localityId: string;
  @ApiProperty({ type: String, nullable: true }) venue: string | null;
  @ApiProperty({ type: String, nullable: true }) address: string | null;
  @ApiProperty({ type: Number, nullable: true }) latitude: number | null;
  @ApiProperty({ type: Number, nullable: true }) longitude: number | null;
  @ApiProperty() timezone: string;
  @ApiProperty({ type: [OperatingWindowDto], nullable: true }) operatingHours: OperatingWindowDto[] | null;
  @ApiProperty({ type: ScreenLayoutDto }) layout: ScreenLayoutDto;
  @ApiProperty({ type: [String] }) tags: string[];
  @ApiProperty({ description: 'Whether a player device is paired to it' }) paired: boolean;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) devicePairedAt: Date | null;
  @ApiProperty({ description: 'Whether you may edit, command and re-pair it (you own it)' }) manageable: boolean;
  @ApiProperty({ type: ScreenStatusDto }) status: ScreenStatusDto;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt: Date;
}

export const ScreenPageDto = PageDto(ScreenDto);

export class ClaimedScreenDto {
  @ApiProperty({ type: ScreenDto }) screen: ScreenDto;
  @ApiProperty({ description: 'True when the claim created the screen' }) created: boolean;
}
