import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  IsBoolean,
  IsEmail,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  MinLength,
  ValidateIf,
} from 'class-validator';
import { type Role, ROLES } from '@loa/identity';
import { PageDto, PageQueryDto } from '../../common/pagination.js';
import { booleanFromQuery, lowerCased, trimmed } from '../../common/transforms.js';
import { OptionalNotNull } from '../../common/validators.js';

export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 200;

export class UserDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'truyenthong@babe.backan.gov.vn' }) email: string;
  @ApiProperty({ example: 'Nguyễn Thị Hoa' }) displayName: string;
  @ApiProperty({ enum: ROLES }) role: Role;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) organisationId: string | null;
  @ApiProperty() active: boolean;
  @ApiProperty() mustChangePassword: boolean;
  @ApiProperty() mayTriggerEmergencies: boolean;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastLoginAt: Date | null;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt: Date;
}

export const UserPageDto = PageDto(UserDto);

export class CreateUserDto {
  @ApiProperty({ example: 'truyenthong@babe.backan.gov.vn' })
  @Transform(lowerCased)
  @IsEmail()
  @MaxLength(254)
  email: string;

  @ApiProperty({ example: 'Nguyễn Thị Hoa', maxLength: 200 })
  @Transform(trimmed)
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  displayName: string;

  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES)
  role: Role;

  @ApiPropertyOptional({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The organisation whose subtree the user works in; null only for system administrators',
  })
  @ValidateIf((_, v) => v !== null)
  @IsUUID()
  organisationId: string | null;

  @ApiPropertyOptional({
    minLength: PASSWORD_MIN,
    description: 'Omit to generate a one-time password, shown once in the response',
  })
  @IsOptional()
  @IsString()
  @MinLength(PASSWORD_MIN)
  @MaxLength(PASSWORD_MAX)
  password?: string;
}

export class UpdateUserDto {
  @ApiPropertyOptional({ maxLength: 200 })
  @OptionalNotNull()
  @Transform(trimmed)
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  displayName?: string;

  @ApiPropertyOptional({ enum: ROLES })
  @OptionalNotNull()
  @IsIn(ROLES)
  role?: Role;

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsUUID()
  organisationId?: string | null;

  @ApiPropertyOptional({ description: 'false deactivates the account and ends its sessions' })
  @OptionalNotNull()
  @IsBoolean()
  active?: boolean;

  @ApiPropertyOptional({
    description: 'Designated to trigger emergency takeovers in their scope (set by an administrator)',
  })
  @OptionalNotNull()
  @IsBoolean()
  mayTriggerEmergencies?: boolean;
}

export class UserQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ROLES })
  @IsOptional()
  @IsIn(ROLES)
  role?: Role;

  @ApiPropertyOptional({ format: 'uuid', description: 'Users of this organisation and everything below it' })
  @IsOptional()
  @IsUUID()
  within?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(booleanFromQuery)
  @IsBoolean()
  active?: boolean;

  @ApiPropertyOptional({ description: 'Part of the email or name' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;
}

export class CreatedUserDto {
  @ApiProperty({ type: UserDto }) @Type(() => UserDto) user: UserDto;
  @ApiPropertyOptional({
    description: 'Present when the password was generated: give it to the user; it is not shown again',
  })
  oneTimePassword?: string;
}

export class OneTimePasswordDto {
  @ApiProperty({ description: 'Give it to the user; it is not shown again', example: 'k7Qm-x2Pa-9HdZ-rT4e' })
  oneTimePassword: string;
}
