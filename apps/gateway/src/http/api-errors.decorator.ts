import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { ErrorResponseDto } from './error-response.dto';

const DESCRIPTIONS: Record<number, string> = {
  400: 'Malformed input (VALIDATION_FAILED, MALFORMED_JSON, BODY_TOO_DEEP)',
  401: 'No, bad or revoked token (UNAUTHENTICATED)',
  403: 'Not allowed (FORBIDDEN)',
  404: 'Unknown, or not visible to the caller',
  409: 'Conflicts with the current state',
  413: 'File too large (FILE_TOO_LARGE)',
  415: 'File type refused (FILE_TYPE_UNSUPPORTED)',
  422: 'A business rule refuses it',
  429: 'Too many at once (TOO_MANY_UPLOADS); wait for the Retry-After header',
};

/** Documents the error answers an endpoint can give, all with the one error body. */
export function ApiErrors(...statuses: number[]): MethodDecorator & ClassDecorator {
  return applyDecorators(...statuses.map((status) => ApiResponse({ status, description: DESCRIPTIONS[status] ?? 'Error', type: ErrorResponseDto })));
}
