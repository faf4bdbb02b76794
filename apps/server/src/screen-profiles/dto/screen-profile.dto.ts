import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsInt, IsNotEmpty, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { MAX_PROFILE_SIDE } from '@loa/media-plan';
import { trimmed } from '../../common/transforms.js';
import { OptionalNotNull } from '../../common/validators.js';

export class ScreenProfileDto {
  @ApiProperty({ example: 'led-1152x576' }) key: string;
  @ApiProperty({ example: 'LED ngoài trời 1152×576' }) name: string;
  @ApiProperty({ example: 1152 }) width: number;
  @ApiProperty({ example: 576 }) height: number;
  @ApiProperty({ description: 'New creatives get renditions for active profiles only' }) active: boolean;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt: Date;
}

export class CreateScreenProfileDto {
  @ApiProperty({ example: 'led-1152x576', description: 'Lower-case letters, digits and dashes; cannot change later' })
  @Matches(/^[a-z0-9][a-z0-9-]{0,47}$/)
  key: string;

  @ApiProperty({ example: 'LED ngoài trời 1152×576', maxLength: 200 })
  @Transform(trimmed)
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;

  @ApiProperty({ minimum: 16, maximum: MAX_PROFILE_SIDE })
  @IsInt()
  @Min(16)
  @Max(MAX_PROFILE_SIDE)
  width: number;

  @ApiProperty({ minimum: 16, maximum: MAX_PROFILE_SIDE })
  @IsInt()
  @Min(16)
  @Max(MAX_PROFILE_SIDE)
  height: number;
}

export class UpdateScreenProfileDto {
  @ApiPropertyOptional({ maxLength: 200 })
  @OptionalNotNull()
  @Transform(trimmed)
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional()
  @OptionalNotNull()
  @IsBoolean()
  active?: boolean;
}
