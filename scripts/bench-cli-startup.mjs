// CLI start-up: median wall time of `pim-stepup --help` and `--version` (the built dist/cli bundle)
// against a bare `node -e 0` measured in the same interleaved rounds, so machine load affects all alike.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

function time(args) {
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, { stdio: ['ignore', 'ignore', 'inherit'] });
  if (result.status !== 0) {
    throw new Error(`node ${args.join(' ')} exited ${String(result.status)}`);
  }
  return Number(process.hrtime.bigint() - started) / 1e6;
}

/** Returns the section's text; `rounds` interleaved runs of each command. */
export function runCliStartupBench({ rounds = Number(process.env.BENCH_CLI_ROUNDS ?? 21) } = {}) {
  const cli = path.resolve('dist', 'cli', 'pim-stepup.js');
  if (!existsSync(cli)) {
    return 'CLI start-up: dist/cli/pim-stepup.js is missing; run npm run build first.';
  }
  const commands = { bare: ['-e', '0'], help: [cli, '--help'], version: [cli, '--version'] };
  const samples = { bare: [], help: [], version: [] };
  for (let i = 0; i < rounds; i += 1) {
    for (const [name, args] of Object.entries(commands)) {
      samples[name].push(time(args));
    }
  }
  const bare = median(samples.bare);
  const line = (name) => {
    const value = median(samples[name]);
    return `  pim-stepup --${name}: ${value.toFixed(0)} ms median = ${(value / bare).toFixed(2)}x bare Node (target <= 1.3x)`;
  };
  return [
    `CLI start-up (${String(rounds)} interleaved runs each; bare node -e 0: ${bare.toFixed(0)} ms median):`,
    line('help'),
    line('version'),
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(runCliStartupBench());
}
