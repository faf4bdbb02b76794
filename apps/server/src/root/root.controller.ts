import { Controller, Get, Redirect } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '../common/access.decorators.js';

/** Until the console is served here, the root leads a newcomer to the API documentation. */
@ApiExcludeController()
@Controller()
export class RootController {
  @Get('/')
  @Public()
  @Redirect('/api/docs', 302)
  root(): void {}
}
