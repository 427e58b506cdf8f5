// The OpenAPI document of the gateway, written to a file without a broker or database (the web app
// generates its typed client from it at build time): Nest's preview mode builds the module graph but
// instantiates no provider.
import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';
import { applyApiPrefix } from './http/configure';
import { buildOpenApiDocument } from './http/openapi';

async function main(): Promise<void> {
  const out = process.argv[2];
  if (!out) throw new Error('usage: openapi-document.ts <out.json>');
  const app = await NestFactory.create(AppModule, { preview: true, logger: false, abortOnError: false });
  applyApiPrefix(app);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify(buildOpenApiDocument(app), null, 2) + '\n');
  await app.close();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
