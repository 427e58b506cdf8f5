import { provideInfrastructure } from '../infrastructure';

export default async function globalSetup(): Promise<void> {
  process.env['NODE_ENV'] = 'test';
  const stop = await provideInfrastructure();
  (globalThis as { __stopInfrastructure?: () => Promise<void> }).__stopInfrastructure = stop;
}
