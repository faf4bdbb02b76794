import { Controller, Get, Redirect } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '../common/access.decorators.js';

/**
 * Where the console is not built (a server-only checkout), the root leads a newcomer to the API
 * documentation; otherwise the console's page answers / before this route is reached.
 */
@ApiExcludeController()
@Controller()
export class RootController {
  @Get('/')
  @Public()
  @Redirect('/api/docs', 302)
  root(): void {}
}
