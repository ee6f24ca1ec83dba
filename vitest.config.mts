import { defineConfig } from 'vitest/config';

// A test's time limit only turns a hang into a failure. Vitest's 5 s default fails a passing test when `npm test` runs
// the unit phase beside the others on two cores (the source scans parse every file of src/ with TypeScript).
const UNIT_TIMEOUT_MS = 30_000;

// Unit files that replace the 'electron' module (vi.mock, vi.doMock) and start the app's composition root on
// import: each needs a module graph of its own, so they run isolated, one fresh worker per file.
const OWN_MODULE_GRAPH = [
  'test/unit/electron/composition-root.test.ts',
  'test/unit/electron/composition-root-kiosk.test.ts',
  'test/unit/electron/ipc-main-adapter.test.ts',
  'test/unit/electron/preload-expose.test.ts',
];

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          exclude: OWN_MODULE_GRAPH,
          environment: 'node',
          testTimeout: UNIT_TIMEOUT_MS,
          // The other unit files share one module graph per worker: zod, TypeScript, MSAL and our modules load
          // once instead of once per file (a fresh worker per file spent more time starting and importing than
          // testing). They hold no state across files; a file that needs a fresh graph belongs in the list above.
          isolate: false,
        },
      },
      {
        test: {
          name: 'unit-isolated',
          include: OWN_MODULE_GRAPH,
          environment: 'node',
          testTimeout: UNIT_TIMEOUT_MS,
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
