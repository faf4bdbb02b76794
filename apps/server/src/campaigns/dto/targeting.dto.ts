import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { SCREEN_KINDS, type ScreenKind } from '@loa/screens';
import type { StoredTargeting } from '../campaign.entity.js';

/** Where something plays: every condition given must hold; within one, any value; none given: everywhere in reach. */
export class TargetingDto {
  @ApiPropertyOptional({ type: [String], format: 'uuid', description: 'Screens in any of these dynamic groups' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @IsUUID('all', { each: true })
  groupIds?: string[];

  @ApiPropertyOptional({ type: [String], example: ['bến xe'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @MaxLength(60, { each: true })
  tags?: string[];

  @ApiPropertyOptional({
    type: [String],
    format: 'uuid',
    description: 'Provinces, districts or wards, with everything beneath',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(500)
  @IsUUID('all', { each: true })
  localityIds?: string[];

  @ApiPropertyOptional({ enum: SCREEN_KINDS, isArray: true })
  @IsOptional()
  @IsArray()
  @IsIn(SCREEN_KINDS, { each: true })
  kinds?: ScreenKind[];

  @ApiPropertyOptional({ type: [String], example: ['Sân bay Tân Sơn Nhất'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @MaxLength(200, { each: true })
  venues?: string[];
}

export class TargetingViewDto {
  @ApiProperty({ type: [String] }) groupIds: string[];
  @ApiProperty({ type: [String] }) tags: string[];
  @ApiProperty({ type: [String] }) localityIds: string[];
  @ApiProperty({ type: [String] }) kinds: string[];
  @ApiProperty({ type: [String] }) venues: string[];
}

export function storedTargeting(dto: TargetingDto | undefined): StoredTargeting {
  return {
    groupIds: [...new Set(dto?.groupIds ?? [])],
    tags: [...new Set((dto?.tags ?? []).map((t) => t.trim()).filter(Boolean))],
    localityIds: [...new Set(dto?.localityIds ?? [])],
    kinds: [...new Set(dto?.kinds ?? [])],
    venues: [...new Set((dto?.venues ?? []).map((v) => v.trim()).filter(Boolean))],
  };
}
