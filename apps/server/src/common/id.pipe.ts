import { ParseUUIDPipe } from '@nestjs/common';
import { ValidationFailed } from './errors.js';

/** Path ids are UUIDs; anything else is answered like any other invalid field. */
export const ParseId = new ParseUUIDPipe({
  exceptionFactory: () => new ValidationFailed([{ field: 'id', constraint: 'isUuid', params: {} }]),
});
