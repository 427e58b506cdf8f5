// How jest compiles TypeScript, for unit and integration specs alike: swc with legacy decorators and
// their metadata (NestJS DI, class-validator). Type-checking is its own step (`make typecheck`).
module.exports = {
  '^.+\\.[tj]s$': [
    '@swc/jest',
    {
      jsc: {
        parser: { syntax: 'typescript', decorators: true },
        transform: { legacyDecorator: true, decoratorMetadata: true },
        target: 'es2021',
      },
      module: { type: 'commonjs' },
    },
  ],
};
