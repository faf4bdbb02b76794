import { Body, Controller, Get, HttpCode, Inject, Post, Req, Res, UseGuards } from '@nestjs/common';
import {
  ApiCookieAuth,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Authenticated, Public } from '../common/access.decorators.js';
import { type AuthenticatedContext, Ctx, type RequestContext } from '../common/request-context.js';
import { APP_CONFIG, type ResolvedConfig } from '../config/config.module.js';
import { AuthService } from './auth.service.js';
import { LoginThrottleGuard } from './login-throttle.js';
import { AccessTokenDto, ChangePasswordDto, LoginDto, MeDto } from './dto/auth.dto.js';

/** The console keeps its refresh token in this httpOnly cookie, scoped to the auth routes. */
export const REFRESH_COOKIE = 'loa_refresh';
const REFRESH_COOKIE_PATH = '/api/auth';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    @Inject(APP_CONFIG) private readonly config: ResolvedConfig,
  ) {}

  @Post('login')
  @HttpCode(200)
  @Public()
  @UseGuards(LoginThrottleGuard)
  @ApiOperation({
    summary: 'Sign in with email and password',
    description: 'Returns a short-lived access token and sets the refresh cookie (httpOnly, SameSite=Strict).',
  })
  @ApiOkResponse({ type: AccessTokenDto })
  @ApiTooManyRequestsResponse({ description: 'Too many attempts from this address' })
  async login(
    @Ctx() ctx: RequestContext,
    @Body() dto: LoginDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<AccessTokenDto> {
    const signedIn = await this.auth.login(ctx, dto);
    this.setRefreshCookie(res, signedIn.refreshToken);
    return signedIn.body;
  }

  @Post('refresh')
  @HttpCode(200)
  @Public()
  @UseGuards(LoginThrottleGuard)
  @ApiCookieAuth(REFRESH_COOKIE)
  @ApiOperation({ summary: 'Trade the refresh cookie for a new access token (the cookie rotates)' })
  @ApiOkResponse({ type: AccessTokenDto })
  async refresh(
    @Ctx() ctx: RequestContext,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<AccessTokenDto> {
    const signedIn = await this.auth.refresh(ctx, this.refreshCookieOf(req));
    this.setRefreshCookie(res, signedIn.refreshToken);
    return signedIn.body;
  }

  @Post('logout')
  @HttpCode(204)
  @Public()
  @ApiCookieAuth(REFRESH_COOKIE)
  @ApiOperation({ summary: 'End this console session (revokes the refresh cookie)' })
  @ApiNoContentResponse()
  async logout(@Ctx() ctx: RequestContext, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    await this.auth.logout(ctx, this.refreshCookieOf(req));
    res.clearCookie(REFRESH_COOKIE, { path: REFRESH_COOKIE_PATH });
  }

  @Get('me')
  @Authenticated()
  @ApiOperation({ summary: 'Who is signed in' })
  @ApiOkResponse({ type: MeDto })
  me(@Ctx() ctx: AuthenticatedContext): Promise<MeDto> {
    return this.auth.me(ctx);
  }

  @Post('password')
  @HttpCode(204)
  @Authenticated()
  @ApiOperation({ summary: 'Change your own password (ends your other sessions)' })
  @ApiNoContentResponse()
  changePassword(@Ctx() ctx: AuthenticatedContext, @Body() dto: ChangePasswordDto): Promise<void> {
    return this.auth.changePassword(ctx, dto);
  }

  private refreshCookieOf(req: Request): string | undefined {
    const value = (req.cookies as Record<string, unknown> | undefined)?.[REFRESH_COOKIE];
    return typeof value === 'string' && value.length > 0 ? value : undefined;
  }

  private setRefreshCookie(res: Response, token: string): void {
    res.cookie(REFRESH_COOKIE, token, {
      httpOnly: true,
      sameSite: 'strict',
      secure: this.config.publicUrl.startsWith('https://'),
      path: REFRESH_COOKIE_PATH,
      maxAge: this.config.refreshTokenTtlSeconds * 1000,
    });
  }
}
