import 'reflect-metadata';
import { resolve } from 'node:path';
import { register } from 'tsconfig-paths';

export default async function globalSetup(): Promise<void> {
  // jest's moduleNameMapper does not apply here: resolve @connect/* (the broker's table in contracts) ourselves.
  const root = resolve(__dirname, '../../../..');
  register({ baseUrl: root, paths: require(resolve(root, 'tsconfig.base.json')).compilerOptions.paths });
  const { provideInfrastructure } = await import('../infrastructure');
  process.env['NODE_ENV'] = 'test';
  const stop = await provideInfrastructure();
  (globalThis as { __stopInfrastructure?: () => Promise<void> }).__stopInfrastructure = stop;
}
