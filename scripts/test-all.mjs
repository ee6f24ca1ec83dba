// `npm test`: every gate, then one summary line with each phase's time. How the phases are scheduled, and what each
// costs in wall and CPU time, is in docs/testing.md.
//
// Why phases overlap: none of them keeps two cores busy alone (integration and end-to-end wait on TLS handshakes,
// browsers and sign-in pages; the checks are mostly single-threaded), so one after another they took 8.3 min on two
// cores; run as a pool of more phases than cores, the waits of one are filled by the work of another (6.4 min).
// The build runs first and alone: it deletes and rewrites dist/, which end-to-end and one integration test read.
//
// Output: each phase's output is held and printed as one block when it ends (never interleaved); the first failing
// phase ends the others and its block is the last thing shown. PIM_STEPUP_TEST_SERIAL=1 runs one phase at a time,
// output streamed as it comes.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';

mkdirSync('test-results', { recursive: true });
const VITEST_RESULTS = ['test-results/vitest-unit.json', 'test-results/vitest-integration.json'];
for (const stale of [...VITEST_RESULTS, 'test-results/playwright.json']) {
  rmSync(stale, { force: true });
}

function vitestJson(project) {
  return ['--reporter=default', '--reporter=json', `--outputFile.json=test-results/vitest-${project}.json`];
}

/**
 * In start order: the two longest (end-to-end and integration) first, so that the checks after them fill the gaps
 * they leave. `after` names phases that must have passed first.
 */
const PHASES = [
  { name: 'build', command: 'node', args: ['scripts/build.mjs'] },
  { name: 'end-to-end', command: 'npx', args: ['playwright', 'test'], after: ['build'] },
  {
    name: 'integration',
    command: 'npx',
    args: ['vitest', 'run', '--project', 'integration', ...vitestJson('integration')],
    after: ['build'],
  },
  { name: 'typecheck', command: 'npx', args: ['tsc', '-b'], after: ['build'] },
  {
    name: 'unit',
    command: 'npx',
    args: ['vitest', 'run', '--project', 'unit', '--project', 'unit-isolated', ...vitestJson('unit')],
    after: ['build'],
  },
  { name: 'lint', command: 'npx', args: ['eslint', '--max-warnings', '0', '.'], after: ['build'] },
  { name: 'format', command: 'npx', args: ['prettier', '--check', '--log-level', 'warn', '.'], after: ['build'] },
];

const SERIAL = process.env.PIM_STEPUP_TEST_SERIAL === '1';
// One more phase than cores: no phase here keeps its cores busy all the time (see above).
const SLOTS = SERIAL ? 1 : os.availableParallelism() + 1;

const began = Date.now();
const times = new Map();
const passed = new Set();
const running = new Map();
let failure = null;

function elapsed(since) {
  return ((Date.now() - since) / 1000).toFixed(1);
}

/** Starts one phase; resolves with its exit code once it has ended. Its output is held unless phases run serially. */
function runPhase(phase) {
  const header = `\n=== ${phase.name}: ${phase.command} ${phase.args.join(' ')}\n`;
  const held = [];
  if (SERIAL) {
    process.stdout.write(header);
  } else {
    console.log(`--- ${phase.name} started at ${elapsed(began)} s`);
    held.push(header);
  }
  const started = Date.now();
  return new Promise((resolve) => {
    // On Windows npx is npx.cmd, which Node starts only through a shell; no argument here needs quoting.
    const child = spawn(phase.command, phase.args, {
      stdio: SERIAL ? 'inherit' : ['ignore', 'pipe', 'pipe'],
      env: process.env,
      shell: process.platform === 'win32',
      // Its own process group, so a phase ended early takes its workers and browsers with it.
      detached: process.platform !== 'win32',
    });
    running.set(phase.name, child);
    child.stdout?.on('data', (chunk) => held.push(chunk.toString()));
    child.stderr?.on('data', (chunk) => held.push(chunk.toString()));
    child.on('close', (code) => {
      running.delete(phase.name);
      const seconds = elapsed(started);
      const stopped = code !== 0 && failure !== null && failure.name !== phase.name;
      times.set(phase.name, `${seconds} s${stopped ? ' (stopped)' : ''}`);
      const verdict = code === 0 ? 'ok' : stopped ? 'stopped' : 'FAILED';
      held.push(`=== ${phase.name}: ${verdict} in ${seconds} s\n`);
      resolve({ code: code ?? 1, output: held.join('') });
    });
  });
}

function endRunning() {
  for (const child of running.values()) {
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

/** Starts every phase whose prerequisites have passed while a slot is free; resolves when nothing is left to run. */
function schedule() {
  return new Promise((resolveAll) => {
    const waiting = [...PHASES];
    const startReady = () => {
      for (const phase of [...waiting]) {
        if (failure !== null || running.size >= SLOTS) {
          break;
        }
        if ((phase.after ?? []).every((name) => passed.has(name))) {
          waiting.splice(waiting.indexOf(phase), 1);
          // runPhase registers the child in `running` before it returns, so the slot count above stays true.
          void runPhase(phase).then(({ code, output }) => ended(phase, code, output));
        }
      }
      if (running.size === 0) {
        resolveAll();
      }
    };
    const ended = (phase, code, output) => {
      if (code === 0) {
        passed.add(phase.name);
        process.stdout.write(output);
      } else if (failure === null) {
        failure = { name: phase.name, code, output };
        endRunning();
      } else if (!SERIAL) {
        console.log(`--- ${phase.name} stopped (${failure.name} failed)`);
      }
      startReady();
    };
    startReady();
  });
}

// Ctrl+C or a CI cancel: the phases run in process groups of their own, so they are ended here.
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    failure ??= { name: signal, code: 1, output: '' };
    endRunning();
    process.exit(signal === 'SIGINT' ? 130 : 143);
  });
}

await schedule();
if (failure !== null) {
  // The failing phase's output last, so it is what the screen ends with.
  process.stdout.write(failure.output);
}
printSummary();
process.exit(failure?.code ?? 0);

function printSummary() {
  let ok = 0;
  let failed = 0;
  let skipped = 0;
  for (const file of VITEST_RESULTS.filter((f) => existsSync(f))) {
    const v = JSON.parse(readFileSync(file, 'utf8'));
    ok += v.numPassedTests;
    failed += v.numFailedTests;
    skipped += v.numPendingTests + (v.numTodoTests ?? 0);
  }
  if (existsSync('test-results/playwright.json')) {
    const p = JSON.parse(readFileSync('test-results/playwright.json', 'utf8'));
    ok += (p.stats.expected ?? 0) + (p.stats.flaky ?? 0);
    failed += p.stats.unexpected ?? 0;
    skipped += p.stats.skipped ?? 0;
  }
  const phases = PHASES.filter((p) => times.has(p.name)).map((p) => `${p.name} ${times.get(p.name)}`);
  const how = SERIAL ? 'one phase at a time' : `up to ${SLOTS} phases at once on ${os.availableParallelism()} cores`;
  console.log(`\nPhases: ${phases.join(', ')}; total ${((Date.now() - began) / 60_000).toFixed(1)} min (${how})`);
  console.log(`Tests: ${ok} passed, ${failed} failed, ${skipped} skipped`);
}
