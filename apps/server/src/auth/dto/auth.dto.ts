import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsNotEmpty, IsString, MaxLength, MinLength } from 'class-validator';
import { ORGANISATION_KINDS, type OrganisationKind, type Role, ROLES } from '@loa/identity';
import { lowerCased } from '../../common/transforms.js';
import { PASSWORD_MAX, PASSWORD_MIN } from '../../users/dto/user.dto.js';

export class LoginDto {
  @ApiProperty({ example: 'admin@loa.local' })
  @Transform(lowerCased)
  @IsEmail()
  @MaxLength(254)
  email: string;

  @ApiProperty({ example: 'correct horse battery staple' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(PASSWORD_MAX)
  password: string;
}

export class ChangePasswordDto {
  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(PASSWORD_MAX)
  currentPassword: string;

  @ApiProperty({ minLength: PASSWORD_MIN })
  @IsString()
  @MinLength(PASSWORD_MIN)
  @MaxLength(PASSWORD_MAX)
  newPassword: string;
}

export class OrganisationSummaryDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ORGANISATION_KINDS }) kind: OrganisationKind;
  @ApiProperty() path: string;
}

export class MeDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() email: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ enum: ROLES }) role: Role;
  @ApiProperty({ type: OrganisationSummaryDto, nullable: true }) organisation: OrganisationSummaryDto | null;
  @ApiProperty({ description: 'Signed in with a one-time password: ask for a new one' }) mustChangePassword: boolean;
  @ApiProperty({
    description: 'May trigger emergency takeovers (administrators, and staff an administrator designated)',
  })
  mayTriggerEmergencies: boolean;
}

export class AccessTokenDto {
  @ApiProperty({ description: 'Send as "Authorization: Bearer <token>"' }) accessToken: string;
  @ApiProperty({ example: 'Bearer' }) tokenType: 'Bearer';
  @ApiProperty({ description: 'Seconds until the access token expires', example: 900 }) expiresIn: number;
  @ApiProperty({ type: MeDto }) user: MeDto;
}
