/**
 * Reads the production sources as TypeScript syntax trees, so security scans look at code
 * (calls, constructors, string literals) and not at comments that merely mention an API.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

const ROOT = process.cwd();

/** Every `.ts`/`.tsx` file under the given directories, as repository-relative paths with `/`. */
export function sourceFiles(...dirs: string[]): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir)) {
      const full = join(dir, entry);
      if (statSync(full).isDirectory()) {
        walk(full);
      } else if (/\.(ts|tsx|mts|cts)$/.test(entry) && !entry.endsWith('.d.ts')) {
        out.push(relative(ROOT, full).replace(/\\/g, '/'));
      }
    }
  };
  for (const dir of dirs) {
    walk(join(ROOT, dir));
  }
  return out.sort();
}

const parsed = new Map<string, ts.SourceFile>();

/** Parses each file once per run: the gates walk the same few hundred files many times. */
function parse(file: string): ts.SourceFile {
  const cached = parsed.get(file);
  if (cached !== undefined) {
    return cached;
  }
  const source = ts.createSourceFile(
    file,
    readFileSync(join(ROOT, file), 'utf8'),
    ts.ScriptTarget.Latest,
    true,
    file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS,
  );
  parsed.set(file, source);
  return source;
}

function walkNodes(node: ts.Node, visit: (node: ts.Node) => void): void {
  visit(node);
  node.forEachChild((child) => {
    walkNodes(child, visit);
  });
}

export type Hit = { readonly file: string; readonly line: number; readonly text: string };

function hit(source: ts.SourceFile, node: ts.Node): Hit {
  return {
    file: source.fileName,
    line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1,
    text: node.getText().slice(0, 120),
  };
}

/** `new <name>(…)` expressions. */
export function findNew(files: readonly string[], name: string): Hit[] {
  const hits: Hit[] = [];
  for (const file of files) {
    const source = parse(file);
    walkNodes(source, (node) => {
      // `new BrowserWindow(…)`, and `new options.BrowserWindow(…)` for an injected constructor.
      if (ts.isNewExpression(node) && (node.expression.getText() === name || node.expression.getText().endsWith(`.${name}`))) {
        hits.push(hit(source, node));
      }
    });
  }
  return hits;
}

/** Calls of a method by name, whatever the receiver: `x.<method>(…)` or `x['<method>'](…)`. */
export function findMethodCalls(files: readonly string[], method: string): Hit[] {
  const hits: Hit[] = [];
  for (const file of files) {
    const source = parse(file);
    walkNodes(source, (node) => {
      if (!ts.isCallExpression(node)) {
        return;
      }
      const callee = node.expression;
      const name = ts.isPropertyAccessExpression(callee)
        ? callee.name.text
        : ts.isElementAccessExpression(callee) && ts.isStringLiteralLike(callee.argumentExpression)
          ? callee.argumentExpression.text
          : null;
      if (name === method) {
        hits.push(hit(source, node));
      }
    });
  }
  return hits;
}

/** Calls whose first argument is the given string literal, e.g. `.on('certificate-error', …)`. */
export function findCallsWithFirstArgument(files: readonly string[], literal: string): Hit[] {
  const hits: Hit[] = [];
  for (const file of files) {
    const source = parse(file);
    walkNodes(source, (node) => {
      if (ts.isCallExpression(node)) {
        const first = node.arguments[0];
        if (first !== undefined && ts.isStringLiteralLike(first) && first.text === literal) {
          hits.push(hit(source, node));
        }
      }
    });
  }
  return hits;
}

/** String and template literals, and identifiers, whose text matches. */
export function findTokens(files: readonly string[], pattern: RegExp): Hit[] {
  const hits: Hit[] = [];
  for (const file of files) {
    const source = parse(file);
    walkNodes(source, (node) => {
      const text =
        ts.isStringLiteralLike(node) || ts.isTemplateHead(node) || ts.isTemplateMiddle(node) || ts.isTemplateTail(node)
          ? node.text
          : ts.isIdentifier(node)
            ? node.text
            : null;
      if (text !== null && pattern.test(text)) {
        hits.push(hit(source, node));
      }
    });
  }
  return hits;
}

/** Property assignments `name: <literal>` in object literals, e.g. `rejectUnauthorized: false`. */
export function findPropertyAssignments(files: readonly string[], name: string): Hit[] {
  const hits: Hit[] = [];
  for (const file of files) {
    const source = parse(file);
    walkNodes(source, (node) => {
      if (ts.isPropertyAssignment(node) && node.name.getText().replace(/['"]/g, '') === name) {
        hits.push(hit(source, node));
      }
    });
  }
  return hits;
}

/** Names imported from `electron` (`import { ipcMain } from 'electron'`) or read off it (`electron.ipcMain`). */
export function findElectronImports(files: readonly string[], name: string): Hit[] {
  const hits: Hit[] = [];
  for (const file of files) {
    const source = parse(file);
    walkNodes(source, (node) => {
      if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier) && node.moduleSpecifier.text === 'electron') {
        const bindings = node.importClause?.namedBindings;
        if (
          bindings !== undefined &&
          ts.isNamedImports(bindings) &&
          bindings.elements.some((e) => (e.propertyName ?? e.name).text === name)
        ) {
          hits.push(hit(source, node));
        }
      }
      if (
        ts.isPropertyAccessExpression(node) &&
        node.name.text === name &&
        /^(electron|require\(['"]electron['"]\))$/.test(node.expression.getText())
      ) {
        hits.push(hit(source, node));
      }
    });
  }
  return hits;
}
