/**
 * The process boundaries are enforced by lint, and `npm test` runs lint; these cases prove
 * the rules really fire (a misconfigured resolver silently disables no-restricted-paths).
 */
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const BOUNDARY_RULES = new Set(['import-x/no-restricted-paths', 'no-restricted-imports']);

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

describe('import boundaries', () => {
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
    ['the engine importing electron', 'src/main/auth/probe.ts', "import { shell } from 'electron';\nvoid shell;"],
    ['the renderer importing electron', 'src/renderer/probe.ts', "import { ipcRenderer } from 'electron';\nvoid ipcRenderer;"],
    ['the shell using raw ipcMain outside the adapter', 'src/main/electron/probe.ts', "import { ipcMain } from 'electron';\nvoid ipcMain;"],
  ])('refuses %s', async (_name, filePath, code) => {
    expect(await boundaryErrors(filePath, code)).not.toEqual([]);
  });

  it.each([
    ['the renderer importing shared', 'src/renderer/probe.ts', "import { ok } from '../shared/result';\nvoid ok;"],
    ['main importing shared', 'src/main/probe.ts', "import { ok } from '../shared/result';\nvoid ok;"],
    ['the shell importing electron', 'src/main/electron/probe.ts', "import { shell } from 'electron';\nvoid shell;"],
    ['the IPC adapter using ipcMain', 'src/main/electron/ipc-main-adapter.ts', "import { ipcMain } from 'electron';\nvoid ipcMain;"],
  ])('allows %s', async (_name, filePath, code) => {
    expect(await boundaryErrors(filePath, code)).toEqual([]);
  });
});
