#!/usr/bin/env node
// Function sizes in src/, measured with the TypeScript compiler API: every function, method, arrow function and
// accessor, from its first line to its last (a function's lines include those of the functions it declares inside).
// Prints how many are over 100, 200 and 300 lines, and names each one over 100.
//
//   node scripts/function-sizes.mjs            # the figures and the list
//   node scripts/function-sizes.mjs --json     # the same as JSON
//   node scripts/function-sizes.mjs --over 60  # list down to 60 lines
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

const ROOT = join(import.meta.dirname, '..');
const SRC = join(ROOT, 'src');
const BARS = [100, 200, 300];

const args = process.argv.slice(2);
const overAt = args.indexOf('--over');
const listFrom = overAt === -1 ? BARS[0] : Number(args[overAt + 1]);

function* sourceFiles(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      yield* sourceFiles(path);
    } else if (/\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts')) {
      yield path;
    }
  }
}

/** The name a reader would search for: the declaration's own, else the variable, property or call it is given to. */
function nameOf(node) {
  if (node.name !== undefined && (ts.isIdentifier(node.name) || ts.isStringLiteral(node.name) || ts.isPrivateIdentifier(node.name))) {
    return node.name.text;
  }
  if (ts.isConstructorDeclaration(node)) {
    return 'constructor';
  }
  const parent = node.parent;
  if (ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) {
    return parent.name.text;
  }
  if (ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent)) {
    return parent.name.getText();
  }
  if (ts.isCallExpression(parent)) {
    return `(callback to ${parent.expression.getText().replace(/\s+/g, ' ').slice(0, 40)})`;
  }
  return '(anonymous)';
}

const isFunction = (node) =>
  ts.isFunctionDeclaration(node) ||
  ts.isFunctionExpression(node) ||
  ts.isArrowFunction(node) ||
  ts.isMethodDeclaration(node) ||
  ts.isConstructorDeclaration(node) ||
  ts.isGetAccessorDeclaration(node) ||
  ts.isSetAccessorDeclaration(node);

const functions = [];
for (const file of sourceFiles(SRC)) {
  const text = readFileSync(file, 'utf8');
  const source = ts.createSourceFile(
    file,
    text,
    ts.ScriptTarget.Latest,
    true,
    file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS,
  );
  const visit = (node) => {
    if (isFunction(node) && node.body !== undefined) {
      const first = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
      const last = source.getLineAndCharacterOfPosition(node.getEnd()).line;
      functions.push({ name: nameOf(node), file: relative(ROOT, file), line: first + 1, lines: last - first + 1 });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
}

functions.sort((a, b) => b.lines - a.lines);
const counts = Object.fromEntries(BARS.map((bar) => [`over${bar}`, functions.filter((f) => f.lines > bar).length]));
const listed = functions.filter((f) => f.lines > listFrom);

if (args.includes('--json')) {
  console.log(JSON.stringify({ functions: functions.length, ...counts, listed }, null, 2));
} else {
  console.log(`${functions.length} functions in src/: ${BARS.map((bar) => `${counts[`over${bar}`]} over ${bar} lines`).join(', ')}`);
  for (const f of listed) {
    console.log(`${String(f.lines).padStart(5)}  ${f.name}  ${f.file}:${f.line}`);
  }
}
