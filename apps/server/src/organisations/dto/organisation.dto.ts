import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsNotEmpty, IsOptional, IsString, IsUUID, Matches, MaxLength, ValidateIf } from 'class-validator';
import { ORGANISATION_KINDS, type OrganisationKind } from '@loa/identity';
import { PageDto, PageQueryDto } from '../../common/pagination.js';
import { trimmed } from '../../common/transforms.js';
import { OptionalNotNull } from '../../common/validators.js';

export class OrganisationDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'Huyện Ba Bể' }) name: string;
  @ApiProperty({ enum: ORGANISATION_KINDS }) kind: OrganisationKind;
  @ApiProperty({ type: String, nullable: true, example: '066' }) code: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) parentId: string | null;
  @ApiProperty({ description: 'Materialised path of ids from the root, ending with this one' }) path: string;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt: Date;
}

export const OrganisationPageDto = PageDto(OrganisationDto);

export class CreateOrganisationDto {
  @ApiProperty({ example: 'Huyện Ba Bể', maxLength: 200 })
  @Transform(trimmed)
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;

  @ApiProperty({ enum: ORGANISATION_KINDS })
  @IsIn(ORGANISATION_KINDS)
  kind: OrganisationKind;

  @ApiPropertyOptional({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'Omit or null for the top of the tree',
  })
  @IsOptional()
  @IsUUID()
  parentId?: string | null;

  @ApiPropertyOptional({ example: '066', description: 'Administrative or tax code, unique' })
  @IsOptional()
  @Transform(trimmed)
  @IsString()
  @Matches(/^[\w.-]{1,32}$/)
  code?: string;
}

export class UpdateOrganisationDto {
  @ApiPropertyOptional({ maxLength: 200 })
  @OptionalNotNull()
  @Transform(trimmed)
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @Transform(trimmed)
  @IsString()
  @Matches(/^[\w.-]{1,32}$/)
  code?: string | null;

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true, description: 'Move under another organisation' })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsUUID()
  parentId?: string | null;
}

export class OrganisationQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ORGANISATION_KINDS })
  @IsOptional()
  @IsIn(ORGANISATION_KINDS)
  kind?: OrganisationKind;

  @ApiPropertyOptional({ format: 'uuid', description: 'Only the direct children of this organisation' })
  @IsOptional()
  @IsUUID()
  parentId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'This organisation and everything below it' })
  @IsOptional()
  @IsUUID()
  within?: string;

  @ApiPropertyOptional({ description: 'Part of the name or code' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;
}
