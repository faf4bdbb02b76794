import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../common/access.decorators.js';
import { ParseId } from '../common/id.pipe.js';
import type { Page } from '../common/pagination.js';
import { type AuthenticatedContext, Ctx } from '../common/request-context.js';
import {
  CreatedUserDto,
  CreateUserDto,
  OneTimePasswordDto,
  UpdateUserDto,
  UserDto,
  UserPageDto,
  UserQueryDto,
} from './dto/user.dto.js';
import { UsersService } from './users.service.js';

@ApiTags('users')
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @Roles('admin')
  @ApiOperation({ summary: 'Users within your scope' })
  @ApiOkResponse({ type: UserPageDto })
  list(@Ctx() ctx: AuthenticatedContext, @Query() query: UserQueryDto): Promise<Page<UserDto>> {
    return this.users.list(ctx, query);
  }

  @Get(':id')
  @Roles('admin')
  @ApiOperation({ summary: 'One user; 404 when outside your scope' })
  @ApiOkResponse({ type: UserDto })
  get(@Ctx() ctx: AuthenticatedContext, @Param('id', ParseId) id: string): Promise<UserDto> {
    return this.users.get(ctx, id);
  }

  @Post()
  @Roles('admin')
  @ApiOperation({ summary: 'Create a user in an organisation within your scope' })
  @ApiCreatedResponse({ type: CreatedUserDto })
  create(@Ctx() ctx: AuthenticatedContext, @Body() dto: CreateUserDto): Promise<CreatedUserDto> {
    return this.users.create(ctx, dto);
  }

  @Patch(':id')
  @Roles('admin')
  @ApiOperation({ summary: 'Rename, change role or organisation, activate or deactivate' })
  @ApiOkResponse({ type: UserDto })
  update(
    @Ctx() ctx: AuthenticatedContext,
    @Param('id', ParseId) id: string,
    @Body() dto: UpdateUserDto,
  ): Promise<UserDto> {
    return this.users.update(ctx, id, dto);
  }

  @Post(':id/reset-password')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({ summary: 'Replace the password with a one-time password and end the user’s sessions' })
  @ApiOkResponse({ type: OneTimePasswordDto })
  async resetPassword(@Ctx() ctx: AuthenticatedContext, @Param('id', ParseId) id: string): Promise<OneTimePasswordDto> {
    return { oneTimePassword: await this.users.resetPassword(ctx, id) };
  }
}
