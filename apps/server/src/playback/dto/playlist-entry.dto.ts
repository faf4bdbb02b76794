import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsNumber, IsOptional, IsUUID, Max, Min } from 'class-validator';

export class CreatePlaylistEntryDto {
  @ApiProperty({ format: 'uuid', description: 'An approved, ready creative' })
  @IsUUID()
  creativeId: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Assign to this screen… ' })
  @IsOptional()
  @IsUUID()
  screenId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: '…or to every screen of this group, now and later' })
  @IsOptional()
  @IsUUID()
  groupId?: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: '…or as default content (filler) of every screen this organisation’s subtree owns',
  })
  @IsOptional()
  @IsUUID()
  organisationId?: string;

  @ApiPropertyOptional({ description: 'Order in the loop; default: after the others', minimum: 0 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  position?: number;

  @ApiPropertyOptional({ description: 'Seconds an image shows (default 10); clips play to their end', minimum: 1 })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(1)
  @Max(3600)
  durationSeconds?: number;
}

export class PlaylistEntryQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  screenId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  groupId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  organisationId?: string;
}

export class PlaylistEntryDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) creativeId: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) screenId: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) groupId: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) organisationId: string | null;
  @ApiProperty() position: number;
  @ApiProperty({ type: Number, nullable: true }) durationSeconds: number | null;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
}

export class RenditionRefDto {
  @ApiProperty() url: string;
  @ApiProperty() sha256: string;
  @ApiProperty() mimeType: string;
  @ApiProperty({ type: Number, nullable: true }) width: number | null;
  @ApiProperty({ type: Number, nullable: true }) height: number | null;
  @ApiProperty() byteSize: number;
  @ApiProperty({ type: [String] }) profiles: string[];
}

export class PlaylistItemDto {
  @ApiProperty({ format: 'uuid' }) creativeId: string;
  @ApiProperty({ enum: ['image', 'video', 'audio'] }) kind: 'image' | 'video' | 'audio';
  @ApiProperty() title: string;
  @ApiProperty() durationSeconds: number;
  @ApiProperty({ type: [RenditionRefDto] }) renditions: RenditionRefDto[];
}

export class PlaylistDocumentDto {
  @ApiProperty({ description: 'sha256 of the content' }) version: string;
  @ApiProperty({ format: 'date-time' }) generatedAt: string;
  @ApiProperty({ example: 'Asia/Ho_Chi_Minh' }) timezone: string;
  @ApiProperty({ type: 'array', nullable: true, items: { type: 'object' } }) operatingHours: unknown[] | null;
  @ApiProperty({ type: [PlaylistItemDto] }) items: PlaylistItemDto[];
}

export const entryFields = (e: PlaylistEntryDto): PlaylistEntryDto => ({
  id: e.id,
  creativeId: e.creativeId,
  screenId: e.screenId,
  groupId: e.groupId,
  organisationId: e.organisationId,
  position: e.position,
  durationSeconds: e.durationSeconds,
  createdAt: e.createdAt,
});
