// `npm test`: every gate in order, then one summary line.
// Steps: typecheck, lint (boundaries included), formatting, unit and integration (Vitest, one phase each),
// build, end-to-end (Playwright in Chromium; Electron specs skip with a reason when the
// binary is absent). Stops at the first failing step so its output is the last thing shown.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';

mkdirSync('test-results', { recursive: true });
const VITEST_RESULTS = ['test-results/vitest-unit.json', 'test-results/vitest-integration.json'];
for (const stale of [...VITEST_RESULTS, 'test-results/playwright.json']) {
  rmSync(stale, { force: true });
}

function vitestJson(project) {
  return ['--reporter=default', '--reporter=json', `--outputFile.json=test-results/vitest-${project}.json`];
}

const phases = [];
const began = Date.now();
const steps = [
  ['typecheck', 'npx', ['tsc', '-b']],
  ['lint', 'npx', ['eslint', '--max-warnings', '0', '.']],
  ['format', 'npx', ['prettier', '--check', '--log-level', 'warn', '.']],
  // One phase per Vitest project, so each prints its own time.
  ['unit', 'npx', ['vitest', 'run', '--project', 'unit', ...vitestJson('unit')]],
  ['integration', 'npx', ['vitest', 'run', '--project', 'integration', ...vitestJson('integration')]],
  ['build', 'node', ['scripts/build.mjs']],
  ['end-to-end', 'npx', ['playwright', 'test']],
];

for (const [name, command, args] of steps) {
  console.log(`\n=== ${name}: ${command} ${args.join(' ')}`);
  const started = Date.now();
  // On Windows npx is npx.cmd, which Node starts only through a shell; no argument here needs quoting.
  const run = spawnSync(command, args, { stdio: 'inherit', env: process.env, shell: process.platform === 'win32' });
  const seconds = (Date.now() - started) / 1000;
  phases.push(`${name} ${seconds.toFixed(1)} s`);
  console.log(`=== ${name}: ${run.status === 0 ? 'ok' : 'FAILED'} in ${seconds.toFixed(1)} s`);
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
  for (const file of VITEST_RESULTS.filter((f) => existsSync(f))) {
    const v = JSON.parse(readFileSync(file, 'utf8'));
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
  console.log(`\nPhases: ${phases.join(', ')}; total ${((Date.now() - began) / 60_000).toFixed(1)} min`);
  console.log(`Tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
}
