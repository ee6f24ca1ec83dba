// Static scan gate: Electronegativity over every source that runs (main, engine, demo, preload,
// simulated tenant, renderer with its .tsx and page).
//
// Electronegativity always exits 0, silently skips .mjs/.cjs/.mts/.cts, and its bundled
// TypeScript 4.2 parser cannot read modern syntax (`satisfies`). So we transpile every source
// file (whatever its extension) to plain JS with a source map, scan that copy with the
// programmatic API, and map every finding back to its line in the real source.
//
// Suppressions are ours, not the tool's: the tool's own `eng-disable` handling is switched off
// in the copy (it matched whatever line transpiling happened to produce). A finding is accepted
// only with a marker on its own source line that names the check and gives the reason:
//     new BrowserWindow(options()); // eng-disable CONTEXT_ISOLATION_JS_CHECK: set in options(), asserted by x.test.ts
// The gate fails on:
//   - any HIGH or MEDIUM finding without such a marker (or a baseline entry),
//   - a marker without a reason, or one naming a check that found nothing on that line,
//   - any baseline entry without a justification, any file the scanner could not parse,
//   - a scan that read zero files.
// Usage: node scripts/security-scan.mjs [--json] [dir ...]   (default: DEFAULT_INPUTS)
import { mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { Module, createRequire, SourceMap } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join, relative } from 'node:path';
import ts from 'typescript';

const require = createRequire(import.meta.url);
const SOURCE = /\.(ts|tsx|mts|cts|js|jsx|mjs|cjs)$/;
const MARKUP = /\.html?$/;
const BASELINE_PATH = 'security/electronegativity-baseline.json';
/** Everything that runs: the Electron main process and what it loads, the preload, the renderer, the demo tenant. */
export const DEFAULT_INPUTS = ['src/main', 'src/core', 'src/demo', 'src/preload', 'src/simulated-tenant', 'src/renderer'];
/** `eng-disable ID [ID…]: reason` in a line or block comment (JS) or an HTML comment. */
const MARKER = /eng-disable[ \t]+([A-Z0-9_]+(?:[ \t]+[A-Z0-9_]+)*)[ \t]*(?::[ \t]*(.*?))?[ \t]*(?:\*\/|-->|$)/;
const MIN_REASON_LENGTH = 15;

function listSources(dir) {
  const out = [];
  for (const entry of readdirSync(dir)) {
    const full = join(dir, entry);
    if (statSync(full).isDirectory()) {
      out.push(...listSources(full));
    } else if ((SOURCE.test(entry) && !entry.endsWith('.d.ts')) || MARKUP.test(entry)) {
      out.push(full);
    }
  }
  return out;
}

/** The marker on a source line, if any: the check ids it names and its reason ('' when none). */
export function parseMarker(line) {
  const match = MARKER.exec(line);
  if (match === null) {
    return null;
  }
  return { ids: match[1].trim().split(/[ \t]+/), reason: (match[2] ?? '').trim() };
}

/**
 * Copies one file into the scan folder as JS (markers defused) and returns how to map the copy's
 * lines back: a source map for transpiled files, identity for HTML.
 */
function transpileInto(root, file) {
  const source = relative(process.cwd(), file).replace(/\\/g, '/');
  if (source.startsWith('..') || isAbsolute(source)) {
    throw new Error(`Scan inputs must be inside the repository: ${file}`);
  }
  const text = readFileSync(file, 'utf8');
  const defuse = (code) => code.replace(/eng-disable/g, 'eng-reviewed');
  if (MARKUP.test(file)) {
    const target = join(root, source);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, defuse(text));
    return { copy: source, source, lines: text.split('\n'), map: null };
  }
  const output = ts.transpileModule(text, {
    fileName: file,
    compilerOptions: {
      target: ts.ScriptTarget.ES2020,
      module: ts.ModuleKind.ESNext,
      removeComments: false,
      jsx: ts.JsxEmit.React,
      sourceMap: true,
    },
  });
  const copy = source.replace(SOURCE, '.js');
  const target = join(root, copy);
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, defuse(output.outputText.replace(/\n\/\/# sourceMappingURL=.*$/, '')));
  return { copy, source, lines: text.split('\n'), map: new SourceMap(JSON.parse(output.sourceMapText)) };
}

/** The 1-based source line of a finding at (line, column) of the copy. */
function sourceLine(entry, line, column) {
  if (entry.map === null) {
    return line;
  }
  const found = entry.map.findEntry(line - 1, Math.max(0, column));
  return typeof found.originalLine === 'number' ? found.originalLine + 1 : line;
}

/**
 * Electronegativity asks a web server for translated messages at the start of every run (a 1 s timeout, retried:
 * about 3 s of waiting per scan where there is no internet, and a network call from the unit suite where there is).
 * No finding depends on the messages' language, so the scan takes the tool's own offline path up front: the
 * bundled messages, configured exactly as the tool configures them when the request fails, and no request.
 */
function useBundledMessages() {
  const path = require.resolve('@doyensec/electronegativity/dist/locales/i18n.js');
  if (require.cache[path] !== undefined) {
    return;
  }
  const i18n = createRequire(path)('i18n');
  const offline = new Module(path);
  offline.filename = path;
  offline.loaded = true;
  offline.exports = async function bundledMessages() {
    i18n.configure({
      locales: ['en-US', 'es-ES', 'fr-FR'],
      defaultLocale: 'en-US',
      directory: dirname(path),
      updateFiles: false,
      objectNotation: true,
      retryInDefaultLocale: true,
      register: global,
    });
    i18n.setLocale(process.env.LANG || 'en-US');
  };
  require.cache[path] = offline;
}

export async function scan(dirs, { baselinePath = BASELINE_PATH } = {}) {
  const root = mkdtempSync(join(tmpdir(), 'pim-eg-'));
  try {
    const files = dirs.flatMap((dir) => (!existsSync(dir) ? [] : statSync(dir).isDirectory() ? listSources(dir) : [dir]));
    const copies = new Map();
    for (const file of files) {
      const entry = transpileInto(root, file);
      copies.set(entry.copy, entry);
    }
    useBundledMessages();
    const run = require('@doyensec/electronegativity');
    const result = await run({
      input: root,
      isRelative: true,
      // Needs the network to list Electron releases; our own test pins the version instead.
      excludeFromScan: ['AvailableSecurityFixesGlobalCheck'],
      electronVersionOverride: JSON.parse(readFileSync('node_modules/electron/package.json', 'utf8')).version,
    });
    const all = result.issues.map((issue) => {
      const copy = String(issue.file).replace(/\\/g, '/');
      const entry = copies.get(copy);
      const line = entry === undefined ? issue.location.line : sourceLine(entry, issue.location.line, issue.location.column);
      const text = entry?.lines[line - 1] ?? '';
      const marker = parseMarker(text);
      const acknowledged = marker !== null && marker.ids.includes(issue.id) && marker.reason.length >= MIN_REASON_LENGTH;
      return {
        id: issue.id,
        severity: issue.severity.name,
        level: issue.severity.value,
        file: entry?.source ?? copy,
        line,
        sample: text.trim().slice(0, 120),
        acknowledged,
        ...(acknowledged ? { reason: marker.reason } : {}),
      };
    });
    // MEDIUM (2) and HIGH (3); the level itself is not part of the report.
    const findings = all.filter((f) => f.level >= 2).map((f) => Object.fromEntries(Object.entries(f).filter(([key]) => key !== 'level')));
    const baseline = existsSync(baselinePath) ? JSON.parse(readFileSync(baselinePath, 'utf8')) : [];
    const problems = [];
    for (const entry of baseline) {
      if (typeof entry.justification !== 'string' || entry.justification.trim().length < 20) {
        problems.push(`Baseline entry ${entry.id} in ${entry.file} has no real justification.`);
      }
    }
    for (const f of findings) {
      if (!f.acknowledged && !baseline.some((b) => b.id === f.id && b.file === f.file)) {
        problems.push(`${f.severity} ${f.id} at ${f.file}:${f.line}: ${f.sample}`);
      }
    }
    // Every marker must be on a line where the check it names found something, and say why.
    for (const entry of copies.values()) {
      entry.lines.forEach((text, index) => {
        const marker = parseMarker(text);
        if (marker === null) {
          return;
        }
        const at = `${entry.source}:${index + 1}`;
        if (marker.reason.length < MIN_REASON_LENGTH) {
          problems.push(`Marker at ${at} gives no reason (write "eng-disable ${marker.ids.join(' ')}: why this is safe").`);
        }
        for (const id of marker.ids) {
          if (!all.some((f) => f.file === entry.source && f.line === index + 1 && f.id === id)) {
            problems.push(`Marker at ${at} names ${id}, which found nothing on that line (a stale or misplaced marker).`);
          }
        }
      });
    }
    for (const e of result.errors) {
      problems.push(`Could not parse ${relative(root, e.file)}: ${e.message}`);
    }
    if (files.length === 0) {
      problems.push(`The scan read no files under ${dirs.join(', ')}.`);
    }
    return { filesScanned: files.length, checks: result.globalChecks + result.atomicChecks, findings, problems };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split(/[\\/]/).pop())) {
  const args = process.argv.slice(2).filter((a) => a !== '--json');
  const report = await scan(args.length > 0 ? args : DEFAULT_INPUTS);
  if (process.argv.includes('--json')) {
    console.log(JSON.stringify(report, null, 2));
  } else {
    const open = report.findings.filter((f) => !f.acknowledged).length;
    console.log(
      `Electronegativity: ${report.checks} checks over ${report.filesScanned} files; ${report.findings.length} medium/high findings (${open} without a reasoned marker); ${report.problems.length} problems.`,
    );
    for (const f of report.findings.filter((x) => x.acknowledged)) {
      console.log(`  ✓ ${f.severity} ${f.id} at ${f.file}:${f.line}: ${f.reason}`);
    }
    for (const p of report.problems) {
      console.log(`  ✗ ${p}`);
    }
  }
  process.exit(report.problems.length === 0 ? 0 : 1);
}
