import { ValidationPipe } from '@nestjs/common';
import { getMetadataStorage, type ValidationError } from 'class-validator';
import type { MessageParams } from '@loa/i18n';
import { type FieldProblem, ValidationFailed } from './errors.js';

/**
 * The arguments of a failed constraint (the 10 of MinLength(10), the list of IsIn) are not
 * on class-validator's ValidationError, only in its metadata; we look them up there so
 * each language can phrase "must be at least 10 characters" itself.
 */
function constraintParams(target: object | undefined, property: string, constraint: string): MessageParams {
  if (!target) return {};
  const metadatas = getMetadataStorage().getTargetValidationMetadatas(target.constructor, '', true, false);
  const found = metadatas.find((m) => m.propertyName === property && (m.name === constraint || m.type === constraint));
  const args: unknown[] = found?.constraints ?? [];
  const params: Record<string, string | number> = {};
  args.forEach((arg, i) => {
    if (typeof arg === 'string' || typeof arg === 'number') params[`constraint${i + 1}`] = arg;
  });
  const list =
    args.find((a) => Array.isArray(a)) ?? (typeof args[0] === 'object' && args[0] ? Object.values(args[0]) : undefined);
  if (Array.isArray(list)) params.values = list.join(', ');
  return params;
}

export function flattenValidationErrors(errors: readonly ValidationError[], prefix = ''): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const error of errors) {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const failed = Object.keys(error.constraints ?? {});
    // a null where a value is required fails every other check too; saying so once is clearer
    for (const constraint of failed.includes('notNull') ? ['notNull'] : failed) {
      problems.push({ field, constraint, params: constraintParams(error.target, error.property, constraint) });
    }
    if (error.children?.length) problems.push(...flattenValidationErrors(error.children, field));
  }
  return problems;
}

export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    // the target is where the constraint arguments are looked up; values are never echoed back
    validationError: { target: true, value: false },
    exceptionFactory: (errors) => new ValidationFailed(flattenValidationErrors(errors)),
  });
}
