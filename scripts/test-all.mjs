// `npm test`: every gate in order, then one summary line.
// Steps: typecheck, lint (boundaries included), formatting, unit + integration (Vitest),
// build, end-to-end (Playwright in Chromium; Electron specs skip with a reason when the
// binary is absent). Stops at the first failing step so its output is the last thing shown.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';

mkdirSync('test-results', { recursive: true });
for (const stale of ['test-results/vitest.json', 'test-results/playwright.json']) {
  rmSync(stale, { force: true });
}

const steps = [
  ['typecheck', 'npx', ['tsc', '-b']],
  ['lint', 'npx', ['eslint', '--max-warnings', '0', '.']],
  ['format', 'npx', ['prettier', '--check', '--log-level', 'warn', '.']],
  ['unit + integration', 'npx', ['vitest', 'run', '--reporter=default', '--reporter=json', '--outputFile.json=test-results/vitest.json']],
  ['build', 'node', ['scripts/build.mjs']],
  ['end-to-end', 'npx', ['playwright', 'test']],
];

for (const [name, command, args] of steps) {
  console.log(`\n=== ${name}: ${command} ${args.join(' ')}`);
  const started = Date.now();
  // On Windows npx is npx.cmd, which Node starts only through a shell; no argument here needs quoting.
  const run = spawnSync(command, args, { stdio: 'inherit', env: process.env, shell: process.platform === 'win32' });
  console.log(`=== ${name}: ${run.status === 0 ? 'ok' : 'FAILED'} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  if (run.status !== 0) {
    printSummary();
    process.exit(run.status ?? 1);
  }
}
printSummary();

function printSummary() {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  if (existsSync('test-results/vitest.json')) {
    const v = JSON.parse(readFileSync('test-results/vitest.json', 'utf8'));
    passed += v.numPassedTests;
    failed += v.numFailedTests;
    skipped += v.numPendingTests + (v.numTodoTests ?? 0);
  }
  if (existsSync('test-results/playwright.json')) {
    const p = JSON.parse(readFileSync('test-results/playwright.json', 'utf8'));
    passed += (p.stats.expected ?? 0) + (p.stats.flaky ?? 0);
    failed += p.stats.unexpected ?? 0;
    skipped += p.stats.skipped ?? 0;
  }
  console.log(`\nTests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
}
