// `npm test`: every gate, then one summary line with each phase's time.
// Phases: typecheck, lint (boundaries included), formatting, unit and integration (Vitest, one phase each), build,
// end-to-end (Playwright in Chromium; Electron specs skip with a reason when the binary is absent).
//
// Why two lanes at first: the static checks (tsc, eslint, prettier) run one thread each, and the unit phase keeps
// about one core of two busy (its files spend much of their time importing), so they run side by side; the checks'
// output is held and printed when they end. Integration and end-to-end tests start only when both lanes have
// passed, alone on the machine, since they start tenants and browsers and must not share the CPU with a linter.
// PIM_STEPUP_TEST_SERIAL=1 runs everything one after another. The first failing phase stops the run (the other lane
// is ended) and its output is the last thing shown.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';

mkdirSync('test-results', { recursive: true });
const VITEST_RESULTS = ['test-results/vitest-unit.json', 'test-results/vitest-integration.json'];
for (const stale of [...VITEST_RESULTS, 'test-results/playwright.json']) {
  rmSync(stale, { force: true });
}

function vitestJson(project) {
  return ['--reporter=default', '--reporter=json', `--outputFile.json=test-results/vitest-${project}.json`];
}

const CHECKS = [
  ['typecheck', 'npx', ['tsc', '-b']],
  ['lint', 'npx', ['eslint', '--max-warnings', '0', '.']],
  ['format', 'npx', ['prettier', '--check', '--log-level', 'warn', '.']],
];
const UNIT = [['unit', 'npx', ['vitest', 'run', '--project', 'unit', '--project', 'unit-isolated', ...vitestJson('unit')]]];
const AFTER = [
  ['integration', 'npx', ['vitest', 'run', '--project', 'integration', ...vitestJson('integration')]],
  ['build', 'node', ['scripts/build.mjs']],
  ['end-to-end', 'npx', ['playwright', 'test']],
];

const phases = [];
const began = Date.now();
const running = new Set();
let failed = false;

/** Runs one phase; `held` collects its output instead of showing it (a lane running beside another). */
function runPhase([name, command, args], held) {
  const show = (text) => (held === null ? process.stdout.write(text) : held.push(text));
  show(`\n=== ${name}: ${command} ${args.join(' ')}\n`);
  const started = Date.now();
  return new Promise((resolve) => {
    // On Windows npx is npx.cmd, which Node starts only through a shell; no argument here needs quoting.
    const child = spawn(command, args, {
      stdio: held === null ? 'inherit' : ['ignore', 'pipe', 'pipe'],
      env: process.env,
      shell: process.platform === 'win32',
      // Its own process group, so a lane ended early takes its workers with it.
      detached: process.platform !== 'win32',
    });
    running.add(child);
    child.stdout?.on('data', (chunk) => held?.push(chunk.toString()));
    child.stderr?.on('data', (chunk) => held?.push(chunk.toString()));
    child.on('close', (code) => {
      running.delete(child);
      const seconds = (Date.now() - started) / 1000;
      const stopped = code === null && failed;
      phases.push(`${name} ${seconds.toFixed(1)} s${stopped ? ' (stopped)' : ''}`);
      show(`=== ${name}: ${code === 0 ? 'ok' : stopped ? 'stopped' : 'FAILED'} in ${seconds.toFixed(1)} s\n`);
      resolve(code ?? 1);
    });
  });
}

/** Runs phases one after another until one fails; resolves with its exit code (0 when all passed). */
async function runLane(steps, held) {
  for (const step of steps) {
    if (failed) {
      return 0;
    }
    const code = await runPhase(step, held);
    if (code !== 0) {
      return code;
    }
  }
  return 0;
}

function endOthers() {
  failed = true;
  for (const child of running) {
    try {
      if (process.platform === 'win32' || child.pid === undefined) {
        child.kill();
      } else {
        process.kill(-child.pid, 'SIGTERM');
      }
    } catch {
      // Already gone.
    }
  }
}

async function main() {
  if (process.env.PIM_STEPUP_TEST_SERIAL === '1') {
    return runLane([...CHECKS, ...UNIT, ...AFTER], null);
  }
  const held = [];
  let first = null;
  const lane = (steps, output, which) =>
    runLane(steps, output).then((code) => {
      if (code !== 0 && first === null) {
        first = which;
        endOthers();
      }
      return code;
    });
  const [checks, unit] = await Promise.all([lane(CHECKS, held, 'checks'), lane(UNIT, null, 'unit')]);
  if (first === 'unit') {
    // The unit phase's failure is on screen; the checks were only stopped.
    console.log('\n=== typecheck, lint and format: stopped (unit failed)');
    return unit;
  }
  // The checks' output after the unit phase's, so a failing check is what the screen ends with.
  process.stdout.write(held.join(''));
  if (first === 'checks') {
    return checks;
  }
  return runLane(AFTER, null);
}

// Ctrl+C or a CI cancel: the phases run in process groups of their own, so they are ended here.
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    endOthers();
    process.exit(signal === 'SIGINT' ? 130 : 143);
  });
}

const code = await main();
printSummary();
process.exit(code);

function printSummary() {
  let passed = 0;
  let failures = 0;
  let skipped = 0;
  for (const file of VITEST_RESULTS.filter((f) => existsSync(f))) {
    const v = JSON.parse(readFileSync(file, 'utf8'));
    passed += v.numPassedTests;
    failures += v.numFailedTests;
    skipped += v.numPendingTests + (v.numTodoTests ?? 0);
  }
  if (existsSync('test-results/playwright.json')) {
    const p = JSON.parse(readFileSync('test-results/playwright.json', 'utf8'));
    passed += (p.stats.expected ?? 0) + (p.stats.flaky ?? 0);
    failures += p.stats.unexpected ?? 0;
    skipped += p.stats.skipped ?? 0;
  }
  const lanes = process.env.PIM_STEPUP_TEST_SERIAL === '1' ? '' : ' (typecheck, lint and format ran beside unit)';
  console.log(`\nPhases: ${phases.join(', ')}; total ${((Date.now() - began) / 60_000).toFixed(1)} min${lanes}`);
  console.log(`Tests: ${passed} passed, ${failures} failed, ${skipped} skipped`);
}
