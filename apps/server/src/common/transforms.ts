/** class-transformer helpers for DTO fields: normalise what people type before it is validated. */
type TransformArgs = { value: unknown };

export const trimmed = ({ value }: TransformArgs): unknown => (typeof value === 'string' ? value.trim() : value);

export const lowerCased = ({ value }: TransformArgs): unknown =>
  typeof value === 'string' ? value.trim().toLowerCase() : value;

/** Query strings carry "true"/"false"; anything else is left for @IsBoolean to refuse. */
export const booleanFromQuery = ({ value }: TransformArgs): unknown =>
  value === 'true' ? true : value === 'false' ? false : value;
