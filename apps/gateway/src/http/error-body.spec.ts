import { DomainError } from '@connect/contracts';
import {
  BadRequestException,
  ForbiddenException,
  HttpException,
  NotFoundException,
  PayloadTooLargeException,
  UnauthorizedException,
  UnsupportedMediaTypeException,
} from '@nestjs/common';
import { errorBodyOf } from './error-body';

describe('errorBodyOf', () => {
  it('maps a DomainError to the status of its code, keeping its message and details', () => {
    expect(errorBodyOf(new DomainError('PROJECT_NOT_FOUND', 'project p not found'))).toEqual({ statusCode: 404, code: 'PROJECT_NOT_FOUND', message: 'project p not found' });
    expect(errorBodyOf(new DomainError('PERMISSION_REQUIRED', 'needs CM admin', { missing: ['connectionManager:admin'] }))).toEqual({
      statusCode: 403,
      code: 'PERMISSION_REQUIRED',
      message: 'needs CM admin',
      details: { missing: ['connectionManager:admin'] },
    });
    expect(errorBodyOf(new DomainError('CONNECTION_GOVCLOUD', 'GovCloud'))).toMatchObject({ statusCode: 422 });
    expect(errorBodyOf(new DomainError('SERVICE_UNAVAILABLE', 'no reply'))).toMatchObject({ statusCode: 503 });
  });

  it.each([
    [new NotFoundException('Cannot GET /api/v1/nope'), 404, 'NOT_FOUND'],
    [new UnauthorizedException(), 401, 'UNAUTHENTICATED'],
    [new ForbiddenException(), 403, 'FORBIDDEN'],
    [new PayloadTooLargeException('File too large'), 413, 'FILE_TOO_LARGE'],
    [new UnsupportedMediaTypeException(), 415, 'FILE_TYPE_UNSUPPORTED'],
    [new BadRequestException('Failed to decode param'), 400, 'BAD_REQUEST'],
    [new HttpException('teapot', 418), 418, 'I_AM_A_TEAPOT'],
  ])('maps Nest %p to its status and a stable code', (exception, statusCode, code) => {
    expect(errorBodyOf(exception)).toMatchObject({ statusCode, code });
  });

  it('keeps a code and joins the messages an HttpException carries', () => {
    expect(errorBodyOf(new BadRequestException({ code: 'FILE_MISSING', message: ['file is required', 'title is required'] }))).toEqual({
      statusCode: 400,
      code: 'FILE_MISSING',
      message: 'file is required; title is required',
    });
  });

  it('answers client errors raised below Nest (body parser) with their own 4xx status', () => {
    const tooLarge = Object.assign(new Error('request entity too large'), { status: 413, type: 'entity.too.large' });
    expect(errorBodyOf(tooLarge)).toEqual({ statusCode: 413, code: 'FILE_TOO_LARGE', message: 'request entity too large' });
  });

  it('hides anything else behind a 500 INTERNAL_ERROR that reveals nothing', () => {
    expect(errorBodyOf(new TypeError("Cannot read properties of undefined (reading 'secret')"))).toEqual({ statusCode: 500, code: 'INTERNAL_ERROR', message: 'internal error' });
    expect(errorBodyOf(Object.assign(new Error('db down'), { status: 503 }))).toMatchObject({ statusCode: 500, code: 'INTERNAL_ERROR' });
    expect(errorBodyOf('a string')).toMatchObject({ statusCode: 500 });
  });
});
