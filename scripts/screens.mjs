// `npm run screens`: the screens run in full (test/e2e/screens.spec.ts): every screen and state of
// the desktop app on the demo tenant, through the real renderer and engine in Chromium, as PNGs at
// 1280x800 (light and dark), 1024x768, 200% zoom and 320 px, with a screens.json index, axe with
// best practices and the internal-code check on every one. The spec prints the folder it wrote.
import { spawnSync } from 'node:child_process';

const run = spawnSync('npx', ['playwright', 'test', 'test/e2e/screens.spec.ts', '--project', 'chromium', '--reporter', 'list'], {
  stdio: 'inherit',
  env: { ...process.env, PIM_SCREENS: 'full' },
  shell: process.platform === 'win32',
});
process.exit(run.status ?? 1);
