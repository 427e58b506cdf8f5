import { DomainError } from '@connect/contracts';
import { ArgumentsHost, Logger, NotFoundException } from '@nestjs/common';
import { ErrorFilter } from './error.filter';

function httpHost(headers: Record<string, string> = { 'x-correlation-id': 'corr-1' }) {
  const res = {
    headersSent: false,
    headers: { ...headers } as Record<string, string>,
    statusCode: 0,
    body: undefined as unknown,
    getHeader(name: string) {
      return this.headers[name];
    },
    setHeader(name: string, value: string) {
      this.headers[name] = value;
    },
    status(code: number) {
      this.statusCode = code;
      return this;
    },
    json(body: unknown) {
      this.body = body;
      return this;
    },
  };
  const req = { method: 'POST', originalUrl: '/api/v1/companies', headers: {} };
  const host = { getType: () => 'http', switchToHttp: () => ({ getRequest: () => req, getResponse: () => res }) } as unknown as ArgumentsHost;
  return { host, res };
}

describe('ErrorFilter', () => {
  const filter = new ErrorFilter();
  let errorLog: jest.SpyInstance;
  beforeEach(() => {
    errorLog = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'debug').mockImplementation(() => undefined);
  });
  afterEach(() => jest.restoreAllMocks());

  it('renders {statusCode, code, message} with the correlation id of the request', () => {
    const { host, res } = httpHost();
    filter.catch(new DomainError('COMPANY_NOT_FOUND', 'company c not found'), host);
    expect(res.statusCode).toBe(404);
    expect(res.body).toEqual({ statusCode: 404, code: 'COMPANY_NOT_FOUND', message: 'company c not found', correlationId: 'corr-1' });
    expect(errorLog).not.toHaveBeenCalled();
  });

  it('asks for a bearer token on 401', () => {
    const { host, res } = httpHost();
    filter.catch(new DomainError('UNAUTHENTICATED', 'a bearer token is required'), host);
    expect(res.statusCode).toBe(401);
    expect(res.headers['WWW-Authenticate']).toBe('Bearer');
  });

  it('renders an unknown route as 404 NOT_FOUND', () => {
    const { host, res } = httpHost();
    filter.catch(new NotFoundException('Cannot GET /api/v1/nope'), host);
    expect(res.body).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });
  });

  it('answers a bug with 500 INTERNAL_ERROR and logs it with its stack and correlation id', () => {
    const { host, res } = httpHost();
    const bug = new TypeError('x is undefined');
    filter.catch(bug, host);
    expect(res.statusCode).toBe(500);
    expect(res.body).toEqual({ statusCode: 500, code: 'INTERNAL_ERROR', message: 'internal error', correlationId: 'corr-1' });
    expect(errorLog).toHaveBeenCalledWith(expect.objectContaining({ correlationId: 'corr-1', code: 'INTERNAL_ERROR', err: bug }), expect.stringContaining('x is undefined'));
  });

  it('does not write twice when the answer has already started', () => {
    const { host, res } = httpHost();
    res.headersSent = true;
    filter.catch(new Error('late'), host);
    expect(res.statusCode).toBe(0);
  });
});
