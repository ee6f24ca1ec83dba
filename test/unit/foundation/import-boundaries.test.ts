/**
 * The process boundaries are enforced by lint, and `npm test` runs lint; these cases prove
 * the rules really fire (a misconfigured resolver silently disables no-restricted-paths).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const BOUNDARY_RULES = new Set(['import-x/no-restricted-paths', 'no-restricted-imports', 'import-x/no-cycle']);

const eslint = new ESLint({
  cwd: process.cwd(),
  // Only the boundary rules, and no type information, so probes need not exist on disk.
  ruleFilter: ({ ruleId }) => BOUNDARY_RULES.has(ruleId),
  overrideConfig: { languageOptions: { parserOptions: { projectService: false, project: null } } },
});

async function boundaryErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId !== null && BOUNDARY_RULES.has(m.ruleId)).map((m) => m.message);
}

// Each probe lints with the full rule set's resolver; on a loaded two-core machine one takes up to ~25 s.
describe('import boundaries', { timeout: 90_000 }, () => {
  it.each([
    [
      'renderer importing main',
      'src/renderer/probe.ts',
      "import { createIpcRouter } from '../main/ipc/ipc-router';\nvoid createIpcRouter;",
    ],
    ['renderer importing the simulated tenant', 'src/renderer/probe.ts', "import * as t from '../simulated-tenant/index';\nvoid t;"],
    ['main importing the renderer', 'src/main/probe.ts', "import r from '../renderer/tsconfig.json';\nvoid r;"],
    ['shared importing main', 'src/shared/probe.ts', "import { createIpcRouter } from '../main/ipc/ipc-router';\nvoid createIpcRouter;"],
    ['the simulated tenant importing the engine', 'src/simulated-tenant/probe.ts', "import * as e from '../main/ipc/ipc-router';\nvoid e;"],
    ['the engine core importing electron', 'src/core/auth/probe.ts', "import { shell } from 'electron';\nvoid shell;"],
    [
      'the engine core importing the shell',
      'src/core/engine/probe.ts',
      "import { createIpcRouter } from '../../main/ipc/ipc-router';\nvoid createIpcRouter;",
    ],
    ['the engine core importing the simulated tenant', 'src/core/probe.ts', "import * as t from '../simulated-tenant/index';\nvoid t;"],
    ['the engine core importing the demo wiring', 'src/core/probe.ts', "import * as d from '../demo/demo-tenant';\nvoid d;"],
    ['the shell importing the simulated tenant directly', 'src/main/probe.ts', "import * as t from '../simulated-tenant/index';\nvoid t;"],
    ['the CLI importing the simulated tenant directly', 'src/cli/probe.ts', "import * as t from '../simulated-tenant/index';\nvoid t;"],
    ['the renderer importing the engine core', 'src/renderer/probe.ts', "import * as c from '../core/pim/validate-activation';\nvoid c;"],
    ['the renderer importing electron', 'src/renderer/probe.ts', "import { ipcRenderer } from 'electron';\nvoid ipcRenderer;"],
    ['the shell using raw ipcMain outside the adapter', 'src/main/electron/probe.ts', "import { ipcMain } from 'electron';\nvoid ipcMain;"],
    ['the CLI importing the shell', 'src/cli/probe.ts', "import * as m from '../main/ipc/ipc-router';\nvoid m;"],
    ['the demo wiring importing the shell', 'src/demo/probe.ts', "import * as m from '../main/ipc/ipc-router';\nvoid m;"],
    ['the preload importing the CLI', 'src/preload/probe.ts', "import * as c from '../cli/output';\nvoid c;"],
    ['the shell importing the CLI', 'src/main/probe.ts', "import * as c from '../cli/output';\nvoid c;"],
    ['the CLI importing the renderer', 'src/cli/probe.ts', "import * as r from '../renderer/api';\nvoid r;"],
    ['the CLI importing the preload', 'src/cli/probe.ts', "import * as p from '../preload/create-api';\nvoid p;"],
    ['the shell importing the preload', 'src/main/probe.ts', "import * as p from '../preload/create-api';\nvoid p;"],
  ])('refuses %s', async (_name, filePath, code) => {
    expect(await boundaryErrors(filePath, code)).not.toEqual([]);
  });

  it.each([
    ['the renderer importing shared', 'src/renderer/probe.ts', "import { ok } from '../shared/result';\nvoid ok;"],
    ['main importing shared', 'src/main/probe.ts', "import { ok } from '../shared/result';\nvoid ok;"],
    ['main importing the engine core', 'src/main/probe.ts', "import * as c from '../core/pim/validate-activation';\nvoid c;"],
    ['the demo wiring importing the simulated tenant', 'src/demo/probe.ts', "import * as t from '../simulated-tenant/index';\nvoid t;"],
    ['the shell importing electron', 'src/main/electron/probe.ts', "import { shell } from 'electron';\nvoid shell;"],
    ['the IPC adapter using ipcMain', 'src/main/electron/ipc-main-adapter.ts', "import { ipcMain } from 'electron';\nvoid ipcMain;"],
    ['the CLI importing the demo wiring', 'src/cli/probe.ts', "import * as d from '../demo/demo-tenant';\nvoid d;"],
    ['the CLI importing the engine core', 'src/cli/probe.ts', "import * as c from '../core/pim/validate-activation';\nvoid c;"],
    [
      'the renderer importing the preload API type',
      'src/renderer/probe.ts',
      "import type { Api } from '../preload/create-api';\nexport type P = Api;",
    ],
  ])('allows %s', async (_name, filePath, code) => {
    expect(await boundaryErrors(filePath, code)).toEqual([]);
  });

  it('refuses an import cycle inside the engine core', async () => {
    // no-cycle follows real files, so the probe pair is written to disk for the duration of the test.
    const dir = mkdtempSync(join(process.cwd(), 'src', 'core', 'probe-cycle-'));
    try {
      writeFileSync(join(dir, 'a.ts'), "import { b } from './b';\nexport const a = (): number => b() + 1;\n");
      writeFileSync(join(dir, 'b.ts'), "import { a } from './a';\nexport const b = (): number => a() - 1;\n");
      const file = relative(process.cwd(), join(dir, 'a.ts'));
      const [result] = await eslint.lintText("import { b } from './b';\nexport const a = (): number => b() + 1;\n", { filePath: file });
      expect(result?.messages.map((m) => m.ruleId)).toContain('import-x/no-cycle');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
