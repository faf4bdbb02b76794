import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { QueryFailedError } from 'typeorm';
import { isMessageKey, type Language, type MessageKey, type MessageParams, say, translate } from '@loa/i18n';
import { driverCodeOf, isConstraintViolation } from '../database/constraint-violation.js';
import { DomainError, STATUS_OF, ValidationFailed } from './errors.js';
import { type LoaRequest, requestContextOf } from './request-context.js';

export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  details?: unknown;
  requestId?: string;
}

function validationDetails(language: Language, error: ValidationFailed) {
  return error.problems.map((p) => {
    const key = `validation.${p.constraint}`;
    const phrase = translate(language, isMessageKey(key) ? key : 'validation.other', p.params);
    return { field: p.field, constraint: p.constraint, message: `${p.field} ${phrase}` };
  });
}

const STATUS_NAMES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  416: 'Range Not Satisfiable',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/**
 * Answers paths outside the API prefix that nothing serves (Nest's own not-found handler only
 * covers /api), in the same shape as every other error. Mounted after all routes.
 */
export function notFoundFallback(request: LoaRequest, response: Response): void {
  const { language, requestId } = requestContextOf(request);
  const body: ErrorBody = {
    statusCode: 404,
    error: 'Not Found',
    message: say(language, 'error.route_not_found', { method: request.method, path: request.path }),
  };
  if (requestId) body.requestId = requestId;
  response.status(404).json(body);
}

/**
 * The one place errors become HTTP answers: {statusCode, error, message} with the message in
 * the language the client asked for. Unknown errors are logged with the request id and
 * answered without internals.
 */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpExceptionFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<LoaRequest>();
    const response = http.getResponse<Response>();
    const { language, requestId } = requestContextOf(request);
    const body = this.toBody(exception, request, language, requestId);
    if (requestId) body.requestId = requestId;
    if (response.headersSent) return;
    // throttles say when to come back; the header is what clients and proxies read
    if (
      exception instanceof DomainError &&
      exception.kind === 'too_many' &&
      typeof exception.params.seconds === 'number'
    ) {
      response.setHeader('Retry-After', exception.params.seconds);
    }
    response.status(body.statusCode).json(body);
  }

  private toBody(exception: unknown, request: LoaRequest, language: Language, requestId: string | null): ErrorBody {
    const base = (statusCode: number, key: MessageKey, params: MessageParams = {}): ErrorBody => ({
      statusCode,
      error: STATUS_NAMES[statusCode] ?? 'Error',
      message: say(language, key, params),
    });

    if (exception instanceof ValidationFailed) {
      const details = validationDetails(language, exception);
      return {
        ...base(400, 'error.validation', { details: details.map((d) => d.message).join('; ') }),
        details,
      };
    }
    if (exception instanceof DomainError) {
      const body = base(STATUS_OF[exception.kind], exception.messageKey, exception.params);
      return exception.details === undefined ? body : { ...body, details: exception.details };
    }
    if (exception instanceof HttpException) {
      const status: HttpStatus = exception.getStatus();
      // Nest wraps body-parser's SyntaxError in a BadRequestException
      if ((exception.cause as { type?: string } | undefined)?.type === 'entity.parse.failed') {
        return base(400, 'error.malformed_json');
      }
      if (status === HttpStatus.NOT_FOUND) {
        return base(404, 'error.route_not_found', { method: request.method, path: request.originalUrl.split('?')[0] });
      }
      if (status === HttpStatus.PAYLOAD_TOO_LARGE) return base(413, 'error.payload_too_large');
      if (status === HttpStatus.UNAUTHORIZED) return base(401, 'error.unauthenticated');
      if (status === HttpStatus.FORBIDDEN)
        return base(403, 'error.forbidden', { role: request.principal?.role ?? '-' });
      if (status === HttpStatus.SERVICE_UNAVAILABLE) {
        return { ...base(503, 'error.service_unavailable'), details: exception.getResponse() };
      }
      if (Number(status) < 500) return base(status, 'error.bad_request');
    }
    // body-parser errors arrive as plain errors carrying their status
    const parserError = exception as { type?: string; status?: number } | null;
    if (parserError?.type === 'entity.parse.failed') return base(400, 'error.malformed_json');
    if (parserError?.type === 'entity.too.large') return base(413, 'error.payload_too_large');

    if (exception instanceof QueryFailedError) {
      // Services check uniqueness and references first; a violation here means a concurrent
      // request won the race, and the database kept the data whole.
      if (isConstraintViolation(exception)) return base(409, 'error.conflict_retry');
      const code = driverCodeOf(exception);
      // Never log the parameters: they can hold password hashes and personal data.
      this.logger.error(
        { requestId, method: request.method, path: request.path, code, error: exception.message },
        'Database error while serving a request',
      );
      return base(500, 'error.internal', { requestId: requestId ?? '-' });
    }
    this.logger.error(
      { err: exception, requestId, method: request.method, path: request.path },
      'Unhandled error while serving a request',
    );
    return base(500, 'error.internal', { requestId: requestId ?? '-' });
  }
}
