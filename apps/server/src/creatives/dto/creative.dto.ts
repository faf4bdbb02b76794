import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  ValidateIf,
} from 'class-validator';
import type { CreativeKind, ImageFit } from '@loa/media-plan';
import { PageDto, PageQueryDto } from '../../common/pagination.js';
import { trimmed } from '../../common/transforms.js';
import { IsInstant, OptionalNotNull } from '../../common/validators.js';
import { PROCESSING_STATUSES, type ProcessingStatus, REVIEW_STATES, type ReviewState } from '../creative.entity.js';
import { RENDITION_PURPOSES, type RenditionPurpose } from '../rendition.entity.js';

export const CREATIVE_KINDS = ['image', 'video', 'audio'] as const;
export const IMAGE_FITS = ['contain', 'cover'] as const;
const COLOUR = /^#[0-9a-f]{6}$/i;
const TAG = /^[\p{L}\p{N}][\p{L}\p{N} _.-]{0,39}$/u;

/** "a, b" or repeated fields, trimmed, without blanks or repeats. */
const tagList = ({ value }: { value: unknown }): unknown => {
  const raw = typeof value === 'string' ? value.split(',') : value;
  if (!Array.isArray(raw)) return raw;
  const tags = (raw as unknown[]).map((t) => (typeof t === 'string' ? t.trim() : t)).filter((t) => t !== '');
  return [...new Set(tags)];
};

/** Fields that describe a creative, sent with the file (multipart) or when a resumable upload begins. */
export class CreativeFieldsDto {
  @ApiPropertyOptional({
    maxLength: 200,
    example: 'Cài đặt Bluezone – áp phích ngang',
    description: 'Defaults to the file name',
  })
  @IsOptional()
  @Transform(trimmed)
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  title?: string;

  @ApiPropertyOptional({
    type: [String],
    example: ['bluezone', 'covid-19'],
    description: 'A list, or one comma-separated text',
  })
  @IsOptional()
  @Transform(tagList)
  @IsArray()
  @ArrayMaxSize(20)
  @Matches(TAG, { each: true })
  tags?: string[];

  @ApiPropertyOptional({
    enum: IMAGE_FITS,
    default: 'contain',
    description: 'How a poster meets a screen of another shape',
  })
  @IsOptional()
  @IsIn(IMAGE_FITS)
  fit?: ImageFit;

  @ApiPropertyOptional({ example: '#000000', default: '#000000', description: 'Letterbox colour for fit=contain' })
  @IsOptional()
  @Matches(COLOUR)
  background?: string;

  @ApiPropertyOptional({ type: String, format: 'date-time', description: 'Not shown before this instant' })
  @IsOptional()
  @IsInstant()
  notBefore?: string;

  @ApiPropertyOptional({ type: String, format: 'date-time', description: 'Not shown after this instant' })
  @IsOptional()
  @IsInstant()
  notAfter?: string;

  @ApiPropertyOptional({ format: 'uuid', description: "Owner organisation; defaults to the uploader's" })
  @IsOptional()
  @IsUUID()
  organisationId?: string;
}

/** The multipart form of POST /api/creatives, for the OpenAPI document. */
export class UploadCreativeFormDto extends CreativeFieldsDto {
  @ApiProperty({ type: 'string', format: 'binary', description: 'The poster, clip or audio file' })
  file: unknown;
}

export class UpdateCreativeDto {
  @ApiPropertyOptional({ maxLength: 200 })
  @OptionalNotNull()
  @Transform(trimmed)
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  title?: string;

  @ApiPropertyOptional({ type: [String] })
  @OptionalNotNull()
  @Transform(tagList)
  @IsArray()
  @ArrayMaxSize(20)
  @Matches(TAG, { each: true })
  tags?: string[];

  @ApiPropertyOptional({ enum: IMAGE_FITS })
  @OptionalNotNull()
  @IsIn(IMAGE_FITS)
  fit?: ImageFit;

  @ApiPropertyOptional({ example: '#ffffff' })
  @OptionalNotNull()
  @Matches(COLOUR)
  background?: string;

  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true })
  @ValidateIf((_, v) => v !== null && v !== undefined)
  @IsInstant()
  notBefore?: string | null;

  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true })
  @ValidateIf((_, v) => v !== null && v !== undefined)
  @IsInstant()
  notAfter?: string | null;
}

export class RejectCreativeDto {
  @ApiProperty({ maxLength: 1000, example: 'Sai số điện thoại đường dây nóng' })
  @Transform(trimmed)
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  reason: string;
}

export class CreativeQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: CREATIVE_KINDS })
  @IsOptional()
  @IsIn(CREATIVE_KINDS)
  kind?: CreativeKind;

  @ApiPropertyOptional({ enum: PROCESSING_STATUSES })
  @IsOptional()
  @IsIn(PROCESSING_STATUSES)
  status?: ProcessingStatus;

  @ApiPropertyOptional({ enum: REVIEW_STATES })
  @IsOptional()
  @IsIn(REVIEW_STATES)
  review?: ReviewState;

  @ApiPropertyOptional({ description: 'Has this tag' })
  @IsOptional()
  @Matches(TAG)
  tag?: string;

  @ApiPropertyOptional({ description: 'Title contains (case-insensitive)' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;
}

export class RenditionDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: RENDITION_PURPOSES }) purpose: RenditionPurpose;
  @ApiProperty({ type: [String], example: ['transit-1920x1080'] }) profiles: string[];
  @ApiProperty({ example: 'webp' }) format: string;
  @ApiProperty({ example: 'image/webp' }) mimeType: string;
  @ApiProperty({ type: Number, nullable: true }) width: number | null;
  @ApiProperty({ type: Number, nullable: true }) height: number | null;
  @ApiProperty({ type: Number, nullable: true }) durationSeconds: number | null;
  @ApiProperty({ type: String, nullable: true, example: 'h264' }) videoCodec: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'aac' }) audioCodec: string | null;
  @ApiProperty() byteSize: number;
  @ApiProperty() sha256: string;
  @ApiProperty({ example: '/media/9f86d0…' }) url: string;
}

export class FailureDto {
  @ApiProperty({ example: 'no_video_stream' }) reason: string;
  @ApiProperty({ example: 'This file has no picture: a clip needs a video stream.' }) message: string;
}

export class CreativeDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() title: string;
  @ApiProperty({ type: [String] }) tags: string[];
  @ApiProperty({ enum: CREATIVE_KINDS }) kind: CreativeKind;
  @ApiProperty({ enum: PROCESSING_STATUSES }) status: ProcessingStatus;
  @ApiProperty({ description: 'Processing progress from 0 to 1' }) progress: number;
  @ApiProperty({ type: FailureDto, nullable: true }) failure: FailureDto | null;
  @ApiProperty({ enum: REVIEW_STATES }) review: ReviewState;
  @ApiProperty({ type: String, nullable: true }) rejectionReason: string | null;
  @ApiProperty({ description: 'Approved, ready and inside its validity window now' }) schedulable: boolean;
  @ApiProperty({ enum: IMAGE_FITS }) fit: ImageFit;
  @ApiProperty({ example: '#000000' }) background: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) notBefore: Date | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) notAfter: Date | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) organisationId: string | null;
  @ApiProperty({ description: 'File name as uploaded' }) originalName: string;
  @ApiProperty({ example: 'mp4' }) format: string;
  @ApiProperty({ example: 'video/mp4' }) mimeType: string;
  @ApiProperty() byteSize: number;
  @ApiProperty({ type: String, nullable: true }) sha256: string | null;
  @ApiProperty({ type: Number, nullable: true, description: 'As displayed, after rotation' }) width: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'As displayed, after rotation' }) height: number | null;
  @ApiProperty({ type: Number, nullable: true }) durationSeconds: number | null;
  @ApiProperty({ type: String, nullable: true }) videoCodec: string | null;
  @ApiProperty({ type: String, nullable: true }) audioCodec: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'The original file' }) originalUrl: string | null;
  @ApiProperty({ type: String, nullable: true }) thumbnailUrl: string | null;
  @ApiProperty({ type: String, nullable: true, description: "A clip's poster frame" }) posterUrl: string | null;
  @ApiProperty({ type: [RenditionDto] }) renditions: RenditionDto[];
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) createdById: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) submittedById: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) reviewedById: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) reviewedAt: Date | null;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt: Date;
}

export const CreativePageDto = PageDto(CreativeDto);

export class CreativeAcceptedDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: PROCESSING_STATUSES, example: 'processing' }) status: ProcessingStatus;
  @ApiProperty({ example: '/api/creatives/3f1c…' }) url: string;
}
