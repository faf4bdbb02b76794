import { ValidateBy, ValidateIf, type ValidationOptions } from 'class-validator';

/**
 * For optional fields of PATCH bodies whose column cannot be null: leaving the field out keeps
 * the value, sending null is refused (IsOptional would let null through to a NOT NULL column).
 */
export function OptionalNotNull(options?: ValidationOptions): PropertyDecorator {
  return (target, property) => {
    ValidateIf((_, value) => value !== undefined)(target, property);
    ValidateBy({ name: 'notNull', validator: { validate: (value) => value !== null } }, options)(target, property);
  };
}

const INSTANT = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/i;

/** A calendar date or a date and time that JavaScript reads the same way everywhere. */
export function IsInstant(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isInstant',
      validator: {
        validate: (value) => typeof value === 'string' && INSTANT.test(value) && !Number.isNaN(Date.parse(value)),
      },
    },
    options,
  );
}
