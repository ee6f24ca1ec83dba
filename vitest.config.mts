import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // Two cores: integration files each start a tenant and a browser.
          maxWorkers: 2,
          // Projects with different worker limits must run in separate groups: unit first.
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
