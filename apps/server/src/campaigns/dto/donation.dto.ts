import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { trimmed } from '../../common/transforms.js';
import { IsInstant } from '../../common/validators.js';
import type { OperatingWindow } from '@loa/protocol';
import { OperatingWindowDto } from '../../screens/dto/screen.dto.js';
import { TargetingDto, TargetingViewDto } from './targeting.dto.js';

export class CreateDonationDto {
  @ApiPropertyOptional({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The campaign it carries; none: the public-service pool',
  })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsUUID()
  campaignId?: string | null;

  @ApiPropertyOptional({
    minimum: 1,
    maximum: 3600,
    example: 10,
    description:
      '"10 s in every loop" (give this or slotsPerHour): a share of each loop, given in whole slots; where the slots do not divide it (7 s of 10 s slots) the same share over several loops',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(3600)
  secondsPerLoop?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 3600, example: 6, description: '"6 slots an hour"' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(3600)
  slotsPerHour?: number;

  @ApiPropertyOptional({ type: TargetingDto, description: 'Which of your screens; none: all of them' })
  @IsOptional()
  @ValidateNested()
  @Type(() => TargetingDto)
  targeting?: TargetingDto;

  @ApiProperty({ example: '2020-08-10T00:00:00+07:00' })
  @IsInstant()
  startsAt: string;

  @ApiPropertyOptional({ type: String, nullable: true, example: '2020-08-31T23:59:59+07:00' })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsInstant()
  endsAt?: string | null;

  @ApiPropertyOptional({ type: [OperatingWindowDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => OperatingWindowDto)
  dayparts?: OperatingWindowDto[];

  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    minimum: 1,
    description:
      "Cap: at most this many donated plays per screen per day, in the screen's local time (plays an emergency hides do not count)",
  })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsInt()
  @Min(1)
  @Max(100_000)
  maxPlaysPerDay?: number | null;

  @ApiPropertyOptional({ maxLength: 500 })
  @IsOptional()
  @Transform(trimmed)
  @IsString()
  @MaxLength(500)
  note?: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'The donor; default your organisation (required for system administrators)',
  })
  @IsOptional()
  @IsUUID()
  organisationId?: string;
}

export class DonationAmountDto {
  @ApiProperty({ enum: ['secondsPerLoop', 'slotsPerHour'] }) kind: 'secondsPerLoop' | 'slotsPerHour';
  @ApiPropertyOptional() seconds?: number;
  @ApiPropertyOptional() slots?: number;
}

export class DonationDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) organisationId: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) campaignId: string | null;
  @ApiProperty({ type: DonationAmountDto }) amount: DonationAmountDto;
  @ApiProperty({ type: TargetingViewDto }) targeting: TargetingViewDto;
  @ApiProperty({ type: String, format: 'date-time' }) startsAt: Date;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) endsAt: Date | null;
  @ApiProperty({ type: [OperatingWindowDto] }) dayparts: readonly OperatingWindow[];
  @ApiProperty({ type: Number, nullable: true }) maxPlaysPerDay: number | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) withdrawnAt: Date | null;
  @ApiProperty({ type: String, nullable: true }) note: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
}
