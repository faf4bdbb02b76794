import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsNotEmpty, IsString, Max, MaxLength, Min } from 'class-validator';
import { trimmed } from '../../common/transforms.js';
import { CreativeFieldsDto } from './creative.dto.js';

/** Begins a resumable upload: the file's name and exact size, and the creative's fields. */
export class CreateUploadDto extends CreativeFieldsDto {
  @ApiProperty({ example: 'bluezone-30s.mp4', maxLength: 255 })
  @Transform(trimmed)
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  fileName: string;

  @ApiProperty({ example: 1073741824, description: 'Exact size of the whole file in bytes' })
  @IsInt()
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  byteSize: number;
}

export class UploadDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() fileName: string;
  @ApiProperty() byteSize: number;
  @ApiProperty({ description: 'Bytes the server has: the next chunk starts here' }) offset: number;
  @ApiProperty({ type: String, format: 'date-time' }) expiresAt: Date;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'Set once the last chunk arrived' })
  creativeId: string | null;
  @ApiProperty({ example: '/api/uploads/3f1c…' }) url: string;
}
