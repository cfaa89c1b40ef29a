import { defineConfig } from 'vitest/config';

// Tests run against the TypeScript sources through the `@orebus/source` export
// condition, so no build is needed before `pnpm test`.
const conditions = ['@orebus/source'];

export default defineConfig({
  ssr: { resolve: { conditions } },
  resolve: { conditions },
  test: {
    // The JSON report feeds the closing line of .ci/run.
    reporters: ['default', ['json', { outputFile: '.vitest-results.json' }]],
    setupFiles: ['./vitest.setup.ts'],
    projects: [
      ...['core', 'market', 'agents', 'scenarios'].map((name) => ({
        extends: true as const,
        test: { name, include: [`packages/${name}/src/**/*.test.ts`] },
      })),
      { extends: true, test: { name: 'integration', include: ['test/**/*.test.ts'] } },
      // An outside user's package, kept in the suite to prove the public API suffices.
      {
        extends: true,
        test: { name: 'manganese', include: ['examples/manganese/test/**/*.test.ts'] },
      },
    ],
  },
});
