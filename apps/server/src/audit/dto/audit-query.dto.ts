import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { IsInstant } from '../../common/validators.js';
import { PageQueryDto } from '../../common/pagination.js';
import { AUDIT_ACTIONS } from '../audit.service.js';

export class AuditQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: AUDIT_ACTIONS })
  @IsOptional()
  @IsIn(AUDIT_ACTIONS)
  action?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  actorId?: string;

  @ApiPropertyOptional({ example: 'user' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  objectType?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(64)
  objectId?: string;

  @ApiPropertyOptional({
    description: 'Entries at or after this instant (ISO 8601)',
    example: '2020-08-01T00:00:00+07:00',
  })
  @IsOptional()
  @IsInstant()
  from?: string;

  @ApiPropertyOptional({ description: 'Entries before this instant (ISO 8601)' })
  @IsOptional()
  @IsInstant()
  to?: string;
}
