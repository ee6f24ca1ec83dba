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
          // A worker keeps the modules it loaded (MSAL, the Graph client, Playwright, the tenant) for its next file
          // instead of loading them afresh per file: about a third of the project's CPU. The files share no module
          // state: each starts and closes its own tenants and browser, and restores what it spies on after each test.
          isolate: false,
          // Projects with different worker limits must run in separate groups: unit first.
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
