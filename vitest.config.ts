import { defineConfig } from 'vitest/config';

// Tests run against the TypeScript sources through the `@orebus/source` export
// condition, so no build is needed before `pnpm test`.
const conditions = ['@orebus/source'];

export default defineConfig({
  ssr: { resolve: { conditions } },
  resolve: { conditions },
  test: {
    projects: ['core', 'market', 'agents', 'scenarios'].map((name) => ({
      extends: true,
      test: { name, include: [`packages/${name}/src/**/*.test.ts`] },
    })).concat([{ extends: true, test: { name: 'integration', include: ['test/**/*.test.ts'] } }]),
  },
});
