import { describe, expect, it } from '@jest/globals';
import { IsIn, IsOptional, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { Type } from 'class-transformer';
import { ValidationFailed } from './errors.js';
import { createValidationPipe } from './validation.js';

class Address {
  @MaxLength(5)
  street: string;
}

class Sample {
  @IsIn(['elevator', 'transit'])
  kind: string;

  @MinLength(10)
  password: string;

  @IsOptional()
  @ValidateNested()
  @Type(() => Address)
  address?: Address;
}

async function problemsFor(body: object) {
  try {
    await createValidationPipe().transform(body, { type: 'body', metatype: Sample });
  } catch (error) {
    if (error instanceof ValidationFailed) return error.problems;
    throw error;
  }
  return [];
}

describe('validation pipe', () => {
  it('reports each failed constraint with its arguments, so each language can phrase it', async () => {
    const problems = await problemsFor({
      kind: 'led',
      password: 'short',
      extra: 1,
      address: { street: 'Phố Huế dài' },
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        { field: 'kind', constraint: 'isIn', params: { values: 'elevator, transit' } },
        { field: 'password', constraint: 'minLength', params: { constraint1: 10 } },
        { field: 'extra', constraint: 'whitelistValidation', params: {} },
        { field: 'address.street', constraint: 'maxLength', params: { constraint1: 5 } },
      ]),
    );
  });

  it('lets a valid body through, transformed to its class', async () => {
    const value = await createValidationPipe().transform(
      { kind: 'transit', password: 'long enough pw' },
      { type: 'body', metatype: Sample },
    );
    expect(value).toBeInstanceOf(Sample);
  });
});
