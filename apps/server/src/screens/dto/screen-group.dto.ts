import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayUnique, IsArray, IsIn, IsNotEmpty, IsString, IsUUID, MaxLength } from 'class-validator';
import { SCREEN_KINDS, type ScreenKind } from '@loa/screens';
import { PageDto } from '../../common/pagination.js';
import { trimmed } from '../../common/transforms.js';
import { OptionalNotNull } from '../../common/validators.js';

export class ScreenGroupFieldsDto {
  @ApiPropertyOptional({ example: 'Màn hình bến xe Quận 1', maxLength: 200 })
  @OptionalNotNull()
  @Transform(trimmed)
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ type: [String], example: ['bến xe'], description: 'Screens with any of these tags' })
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(30)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(50, { each: true })
  tags?: string[];

  @ApiPropertyOptional({ type: [String], description: 'Screens standing in any of these localities or below' })
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(100)
  @IsUUID('all', { each: true })
  localityIds?: string[];

  @ApiPropertyOptional({ enum: SCREEN_KINDS, isArray: true, description: 'Screens of any of these kinds' })
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(SCREEN_KINDS.length)
  @ArrayUnique()
  @IsIn(SCREEN_KINDS, { each: true })
  kinds?: ScreenKind[];
}

export class CreateScreenGroupDto extends ScreenGroupFieldsDto {
  @ApiProperty({ example: 'Màn hình bến xe Quận 1', maxLength: 200 })
  @Transform(trimmed)
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  declare name: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Owner; defaults to your own organisation' })
  @OptionalNotNull()
  @IsUUID()
  organisationId?: string;
}

export class UpdateScreenGroupDto extends ScreenGroupFieldsDto {}

export class ScreenGroupDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ format: 'uuid' }) organisationId: string;
  @ApiProperty({ type: [String] }) tags: string[];
  @ApiProperty({ type: [String] }) localityIds: string[];
  @ApiProperty({ enum: SCREEN_KINDS, isArray: true }) kinds: ScreenKind[];
  @ApiProperty({ description: 'Screens in the group now' }) screenCount: number;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt: Date;
}

export const ScreenGroupPageDto = PageDto(ScreenGroupDto);
