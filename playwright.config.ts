import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from './test/support/chromium';

export default defineConfig({
  testDir: 'test/e2e',
  outputDir: 'test-results/e2e',
  timeout: 90_000,
  workers: 1,
  reporter: [['list'], ['json', { outputFile: 'test-results/playwright.json' }]],
  use: {
    launchOptions: chromiumLaunchOptions(),
    screenshot: 'only-on-failure',
  },
  projects: [
    { name: 'chromium', testIgnore: /electron\/.*/ },
    { name: 'electron', testMatch: /electron\/.*\.spec\.ts/ },
  ],
});
