/**
 * docs/architecture.md says the engine core cannot even see Electron's or the DOM's types. Lint refuses an
 * Electron import too, but this proves the compiler does: a probe file is type-checked with
 * src/core/tsconfig.json's own options (the probe lives in memory, so nothing is written into src/).
 */
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const CORE = join(process.cwd(), 'src', 'core');
// Every probe reads the same lib and @types/node files: they are parsed (and bound) once for all of them.
const parsedOnce = new Map<string, ts.SourceFile>();

function coreDiagnostics(code: string): string[] {
  const configPath = join(CORE, 'tsconfig.json');
  const read = ts.readConfigFile(configPath, (p) => ts.sys.readFile(p));
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, CORE, undefined, configPath);
  const probe = join(CORE, 'boundary-probe.ts');
  const options: ts.CompilerOptions = { ...parsed.options, noEmit: true, composite: false, incremental: false };
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => name === probe || fileExists(name);
  host.readFile = (name) => (name === probe ? code : readFile(name));
  host.getSourceFile = (name, version, onError, create) => {
    if (name === probe) {
      return ts.createSourceFile(name, code, version, true);
    }
    const file = parsedOnce.get(name) ?? getSourceFile(name, version, onError, create);
    if (file !== undefined) {
      parsedOnce.set(name, file);
    }
    return file;
  };
  // The type roots and the stub that stands in for 'electron' come from the real configuration.
  const stubs = parsed.fileNames.filter((f) => f.endsWith('.d.ts'));
  const program = ts.createProgram({ rootNames: [probe, ...stubs], options, host });
  return ts.getPreEmitDiagnostics(program, program.getSourceFile(probe)).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

describe("src/core's tsconfig", { timeout: 60_000 }, () => {
  it.each([
    ['a named import', "import { app } from 'electron';\nexport const probe = app;\n"],
    ['a namespace import', "import * as electron from 'electron';\nexport const probe = electron;\n"],
  ])('refuses Electron (%s)', (_form, code) => {
    expect(coreDiagnostics(code).join('\n')).toMatch(/not a module/);
  });

  it("refuses the DOM's globals", () => {
    expect(coreDiagnostics('export const probe = document.title;\n').join('\n')).toMatch(/Cannot find name 'document'/);
  });

  it('compiles a probe that imports Node and the shared code (so the refusals above are about the import)', () => {
    const code =
      "import { readFileSync } from 'node:fs';\nimport { ok } from '../shared/result';\nexport const probe = [readFileSync, ok];\n";
    expect(coreDiagnostics(code)).toEqual([]);
  });
});
