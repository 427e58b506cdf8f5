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
  return closeRequestBodies(SwaggerModule.createDocument(app, config, { extraModels: [ErrorResponseDto] }));
}

type SchemaNode = { $ref?: string; properties?: Record<string, SchemaNode>; items?: SchemaNode; additionalProperties?: unknown; allOf?: SchemaNode[] };

/**
 * Request bodies refuse unknown fields (the validation pipe's
 * forbidNonWhitelisted): every schema a request body reaches says so with
 * `additionalProperties: false`, so the document declares what is enforced.
 * Free-form objects (markup `data`) keep their `additionalProperties: true`.
 */
function closeRequestBodies(doc: OpenAPIObject): OpenAPIObject {
  const schemas = (doc.components?.schemas ?? {}) as Record<string, SchemaNode>;
  const seen = new Set<string>();
  const close = (node: SchemaNode | undefined): void => {
    if (!node) return;
    if (node.$ref) {
      const name = node.$ref.replace('#/components/schemas/', '');
      if (seen.has(name)) return;
      seen.add(name);
      return close(schemas[name]);
    }
    if (node.properties) {
      if (node.additionalProperties === undefined) node.additionalProperties = false;
      for (const child of Object.values(node.properties)) close(child);
    }
    close(node.items);
    for (const part of node.allOf ?? []) close(part);
  };
  for (const path of Object.values(doc.paths)) {
    for (const op of Object.values(path) as Array<{ requestBody?: { content?: Record<string, { schema?: SchemaNode }> } }>) {
      for (const media of Object.entries(op?.requestBody?.content ?? {})) if (media[0] === 'application/json') close(media[1].schema);
    }
  }
  return doc;
}

/** UI at /api/docs, document at /api/docs-json; both outside the /api/v1 prefix and public. */
export function setupOpenApi(app: INestApplication): void {
  SwaggerModule.setup(DOCS_PATH, app, () => buildOpenApiDocument(app), { jsonDocumentUrl: DOCS_JSON_PATH, useGlobalPrefix: false });
}
