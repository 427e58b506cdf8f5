import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { ErrorResponseDto } from './error-response.dto';

export const DOCS_PATH = 'api/docs';
export const DOCS_JSON_PATH = 'api/docs-json';

/** The OpenAPI document, generated from the controllers and DTO classes of the running app. */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Project Connect API')
    .setDescription('Connect projects across companies and keep their drawings in sync. Errors: `{statusCode, code, message}` with a stable `code`.')
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'A user token (`pc_…`, from POST /users/{userId}/tokens) or the operator token (ADMIN_TOKEN)' }, 'bearer')
    .addSecurityRequirements('bearer')
    .addGlobalResponse(
      { status: 400, description: 'Malformed input (VALIDATION_FAILED, MALFORMED_JSON)', type: ErrorResponseDto },
      { status: 401, description: 'No, bad or revoked token (UNAUTHENTICATED)', type: ErrorResponseDto },
    )
    .build();
  return SwaggerModule.createDocument(app, config, { extraModels: [ErrorResponseDto] });
}

/** UI at /api/docs, document at /api/docs-json; both outside the /api/v1 prefix and public. */
export function setupOpenApi(app: INestApplication): void {
  SwaggerModule.setup(DOCS_PATH, app, () => buildOpenApiDocument(app), { jsonDocumentUrl: DOCS_JSON_PATH, useGlobalPrefix: false });
}
