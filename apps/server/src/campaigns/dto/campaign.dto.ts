import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUrl,
  IsUUID,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { PRIORITIES, type Priority } from '@loa/scheduler';
import { booleanFromQuery, trimmed } from '../../common/transforms.js';
import { IsInstant, OptionalNotNull } from '../../common/validators.js';
import type { OperatingWindow } from '@loa/protocol';
import { OperatingWindowDto } from '../../screens/dto/screen.dto.js';
import type { CampaignStatus } from '../campaign.entity.js';
import { TargetingDto, TargetingViewDto } from './targeting.dto.js';

export class CampaignCreativeDto {
  @ApiProperty({ format: 'uuid', description: 'An approved, processed creative' })
  @IsUUID()
  creativeId: string;

  @ApiPropertyOptional({
    minimum: 1,
    maximum: 100,
    default: 1,
    description: 'How often it is picked among the campaign’s creatives',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100)
  weight?: number;

  @ApiPropertyOptional({
    minimum: 1,
    maximum: 600,
    description: 'Seconds a poster shows (default one slot); clips play to their end',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(600)
  durationSeconds?: number;
}

export class FrequencyDto {
  @ApiProperty({ enum: ['every', 'perHour'], description: '"every N minutes" or "N plays per hour"' })
  @IsIn(['every', 'perHour'])
  kind: 'every' | 'perHour';

  @ApiPropertyOptional({ minimum: 1, maximum: 1440, example: 15 })
  @ValidateIf((o: FrequencyDto) => o.kind === 'every')
  @IsInt()
  @Min(1)
  @Max(1440)
  minutes?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 360, example: 4 })
  @ValidateIf((o: FrequencyDto) => o.kind === 'perHour')
  @IsInt()
  @Min(1)
  @Max(360)
  plays?: number;
}

export class CreateCampaignDto {
  @ApiProperty({ example: 'Cài đặt Bluezone, tháng 8/2020', maxLength: 200 })
  @Transform(trimmed)
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'Owner; default your own organisation (required for system administrators)',
  })
  @OptionalNotNull()
  @IsUUID()
  organisationId?: string;

  @ApiPropertyOptional({ enum: PRIORITIES, default: 'campaign' })
  @OptionalNotNull()
  @IsIn(PRIORITIES)
  priority?: Priority;

  @ApiProperty({ example: '2020-08-10T00:00:00+07:00' })
  @IsInstant()
  flightStart: string;

  @ApiProperty({ example: '2020-08-31T23:59:59+07:00' })
  @IsInstant()
  flightEnd: string;

  @ApiPropertyOptional({
    type: [OperatingWindowDto],
    description: 'Weekdays × times in each screen’s local time; none: all day',
  })
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => OperatingWindowDto)
  dayparts?: OperatingWindowDto[];

  @ApiPropertyOptional({ type: TargetingDto })
  @OptionalNotNull()
  @ValidateNested()
  @Type(() => TargetingDto)
  targeting?: TargetingDto;

  @ApiProperty({ type: [CampaignCreativeDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => CampaignCreativeDto)
  creatives: CampaignCreativeDto[];

  @ApiPropertyOptional({ type: FrequencyDto, nullable: true, description: 'None: as often as airtime allows' })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @ValidateNested()
  @Type(() => FrequencyDto)
  frequency?: FrequencyDto | null;

  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    minimum: 10,
    maximum: 86400,
    description:
      'Least seconds between two plays on one screen, in its own airtime and in airtime donated to it alike (what the gap leaves of a donation is recorded as its shortfall)',
  })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsInt()
  @Min(10)
  @Max(86400)
  minGapSeconds?: number | null;

  @ApiPropertyOptional({
    default: false,
    description: 'Public service: donated airtime given to the pool may carry it',
  })
  @OptionalNotNull()
  @IsBoolean()
  acceptsDonations?: boolean;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    maxLength: 300,
    example: 'Cài đặt Bluezone để bảo vệ mình, bảo vệ cộng đồng – bluezone.gov.vn',
    description: 'Scrolled in the ticker zone of screens while the campaign is on air there',
  })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @Transform(trimmed)
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  ticker?: string | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: 'https://bluezone.gov.vn',
    description: 'Shown as a QR code in the corner zone while the campaign plays',
  })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true })
  @MaxLength(500)
  qrUrl?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 60, example: 'Quét để cài Bluezone' })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @Transform(trimmed)
  @IsString()
  @IsNotEmpty()
  @MaxLength(60)
  qrCaption?: string | null;
}

/**
 * Every field of a new campaign but its owner (a campaign stays with the organisation that made
 * it), each optional: left out keeps the value, null clears only what may be empty (frequency,
 * gap, ticker, QR) and is refused elsewhere.
 */
export class UpdateCampaignDto extends PartialType(OmitType(CreateCampaignDto, ['organisationId'] as const), {
  skipNullProperties: false,
}) {
  @ApiPropertyOptional({ enum: ['active', 'paused'] })
  @OptionalNotNull()
  @IsIn(['active', 'paused'])
  status?: CampaignStatus;
}

export class CampaignQueryDto {
  @ApiPropertyOptional({ description: 'Also campaigns outside your scope that accept donated airtime' })
  @IsOptional()
  @Transform(booleanFromQuery)
  @IsBoolean()
  acceptingDonations?: boolean;
}

export class CampaignCreativeViewDto {
  @ApiProperty({ format: 'uuid' }) creativeId: string;
  @ApiProperty() title: string;
  @ApiProperty() weight: number;
  @ApiProperty({ type: Number, nullable: true }) durationSeconds: number | null;
}

export class FrequencyViewDto {
  @ApiProperty({ enum: ['every', 'perHour'] }) kind: 'every' | 'perHour';
  @ApiPropertyOptional() minutes?: number;
  @ApiPropertyOptional() plays?: number;
}

export class CampaignDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ format: 'uuid' }) organisationId: string;
  @ApiProperty({ enum: ['active', 'paused'] }) status: CampaignStatus;
  @ApiProperty({ enum: PRIORITIES }) priority: Priority;
  @ApiProperty({ type: String, format: 'date-time' }) flightStart: Date;
  @ApiProperty({ type: String, format: 'date-time' }) flightEnd: Date;
  @ApiProperty({ type: [OperatingWindowDto] }) dayparts: readonly OperatingWindow[];
  @ApiProperty({ type: TargetingViewDto }) targeting: TargetingViewDto;
  @ApiProperty({ type: [CampaignCreativeViewDto] }) creatives: CampaignCreativeViewDto[];
  @ApiProperty({ type: FrequencyViewDto, nullable: true }) frequency: FrequencyViewDto | null;
  @ApiProperty({ type: Number, nullable: true }) minGapSeconds: number | null;
  @ApiProperty() acceptsDonations: boolean;
  @ApiProperty({ type: String, nullable: true }) ticker: string | null;
  @ApiProperty({ type: String, nullable: true }) qrUrl: string | null;
  @ApiProperty({ type: String, nullable: true }) qrCaption: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt: Date;
}
