import { describe, expect, it } from 'vitest';
// The stable codes of the system, read from their one source so that a new connection rule's code
// without a sentence here fails this test. (A spec may reach into the contracts' source.)
// eslint-disable-next-line @nx/enforce-module-boundaries
import { ERROR_STATUS } from '../../../../libs/contracts/src/core/errors';
import { ApiError } from '../api/client';
import { REFUSAL_CODES, refusalText } from './refusals';

describe('refusals in words', () => {
  it('has a sentence for every connection rule code (C2–C14)', () => {
    const connectionCodes = Object.keys(ERROR_STATUS).filter((c) => c.startsWith('CONNECTION_'));
    expect(connectionCodes.length).toBeGreaterThan(10);
    expect(connectionCodes.filter((c) => !REFUSAL_CODES.includes(c))).toEqual([]);
  });

  it('C1: names every missing permission from details.missing', () => {
    const err = new ApiError(403, 'PERMISSION_REQUIRED', 'Missing permission: …', {
      missing: ['Connection Manager admin on the downstream project', 'Drawings read_only on the upstream project'],
    });
    expect(refusalText(err)).toBe(
      'You do not have the permissions this needs. Missing: Connection Manager admin on the downstream project and Drawings read_only on the upstream project.',
    );
  });

  it('C1: falls back to the server message when no list is given', () => {
    expect(refusalText(new ApiError(403, 'PERMISSION_REQUIRED', 'Connection Manager admin on the project is required'))).toContain(
      'Connection Manager admin on the project is required',
    );
  });

  it('C11 and C13 read as sentences, not codes', () => {
    expect(refusalText(new ApiError(422, 'CONNECTION_DOWNSTREAM_DISCONNECTED', 'x'))).toMatch(/can never connect again/);
    expect(refusalText(new ApiError(422, 'CONNECTION_CHAIN', 'x'))).toMatch(/chain/);
  });

  it('an unknown code shows the server message', () => {
    expect(refusalText(ApiError.from(422, { code: 'SOMETHING_NEW', message: 'A new rule refused it' }))).toBe('A new rule refused it');
  });

  it('a body that is not the error shape still gives a status and a code', () => {
    const err = ApiError.from(502, 'Bad gateway');
    expect([err.status, err.code]).toEqual([502, 'HTTP_502']);
  });
});
