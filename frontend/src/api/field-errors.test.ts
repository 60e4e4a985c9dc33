//! The 422 field map.
import { describe, expect, it } from 'vitest';
import { fieldErrors } from './field-errors';

describe('fieldErrors', () => {
  it('keeps string messages per field', () => {
    expect(
      fieldErrors({ fields: { access_token: 'must be a Partner API token (prtapi_…)', 'apps.7': ['is not an app'], bad: 3 } }),
    ).toEqual({ access_token: 'must be a Partner API token (prtapi_…)', 'apps.7': 'is not an app' });
    expect(fieldErrors({})).toEqual({});
    expect(fieldErrors(undefined)).toEqual({});
  });
});
