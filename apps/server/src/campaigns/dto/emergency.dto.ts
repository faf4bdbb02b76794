import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsInt,
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
import { trimmed } from '../../common/transforms.js';
import { IsInstant } from '../../common/validators.js';

const COLOUR = /^#[0-9a-fA-F]{3}([0-9a-fA-F]{3})?$/;

export class EmergencyMessageDto {
  @ApiProperty({
    example: 'Khẩn: phong tỏa khu dân cư tổ 5, phường Sông Cầu. Người dân ở yên tại nhà.',
    maxLength: 500,
  })
  @Transform(trimmed)
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  text: string;

  @ApiPropertyOptional({ example: '#b00020' })
  @IsOptional()
  @Matches(COLOUR)
  background?: string;

  @ApiPropertyOptional({ example: '#ffffff' })
  @IsOptional()
  @Matches(COLOUR)
  foreground?: string;
}

export class CreateEmergencyDto {
  @ApiProperty({ example: 'Phong tỏa phường Sông Cầu', maxLength: 200 })
  @Transform(trimmed)
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  title: string;

  @ApiPropertyOptional({
    type: [String],
    format: 'uuid',
    description: 'Localities taken over (with everything beneath)',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(500)
  @IsUUID('all', { each: true })
  localityIds?: string[];

  @ApiPropertyOptional({
    type: [String],
    format: 'uuid',
    description: 'Groups taken over; neither: everything in your scope',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @IsUUID('all', { each: true })
  groupIds?: string[];

  @ApiPropertyOptional({ format: 'uuid', description: 'An approved creative to show (give this or message)' })
  @IsOptional()
  @IsUUID()
  creativeId?: string;

  @ApiPropertyOptional({ type: EmergencyMessageDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => EmergencyMessageDto)
  message?: EmergencyMessageDto;

  @ApiPropertyOptional({
    minimum: 1,
    maximum: 600,
    description: 'Seconds a poster or message shows before the next emergency’s',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(600)
  durationSeconds?: number;

  @ApiPropertyOptional({ description: 'Default: now' })
  @IsOptional()
  @IsInstant()
  startsAt?: string;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'Default: until the all clear' })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsInstant()
  endsAt?: string | null;
}

export class EmergencyMessageViewDto {
  @ApiProperty() text: string;
  @ApiPropertyOptional() background?: string;
  @ApiPropertyOptional() foreground?: string;
}

export class EmergencyDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() title: string;
  @ApiProperty({
    description:
      'Raised by an organisation above yours (or system-wide) and reaching some of your screens: shown so you know why they show it; only its organisation (or one above it) gives the all clear',
  })
  raisedAbove: boolean;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) organisationId: string | null;
  @ApiProperty({ type: [String] }) localityIds: string[];
  @ApiProperty({ type: [String] }) groupIds: string[];
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) creativeId: string | null;
  @ApiProperty({ type: EmergencyMessageViewDto, nullable: true }) message: EmergencyMessageViewDto | null;
  @ApiProperty({ type: Number, nullable: true }) durationSeconds: number | null;
  @ApiProperty({ type: String, format: 'date-time' }) startsAt: Date;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) endsAt: Date | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) cancelledAt: Date | null;
  @ApiProperty({ description: 'Under way now' }) active: boolean;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
}
