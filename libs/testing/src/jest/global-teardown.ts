export default async function globalTeardown(): Promise<void> {
  await (globalThis as { __stopInfrastructure?: () => Promise<void> }).__stopInfrastructure?.();
}
