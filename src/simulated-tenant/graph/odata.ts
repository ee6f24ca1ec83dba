/**
 * The OData query options the PIM endpoints use: `$filter` (`eq` joined by `and`), `$select`, `$expand` (with one
 * nested level such as `policy($expand=rules)`), `$top` and server-driven paging with `$skiptoken` / `@odata.nextLink`.
 */

export type FilterClause = { readonly field: string; readonly value: string | number | boolean | null };

/** Parses `a eq 'x' and b eq 2`; returns null for anything else (Graph answers 400 then). */
export function parseFilter(text: string): FilterClause[] | null {
  const clauses: FilterClause[] = [];
  const pattern = /^\s*([A-Za-z_][\w/]*)\s+eq\s+('(?:[^']|'')*'|-?\d+(?:\.\d+)?|true|false|null)\s*(?:\band\b|$)/i;
  let rest = text.trim();
  if (rest === '') {
    return null;
  }
  while (rest !== '') {
    const match = pattern.exec(rest);
    if (match === null) {
      return null;
    }
    const [whole, field = '', literal = ''] = match;
    let value: FilterClause['value'];
    if (literal.startsWith("'")) {
      value = literal.slice(1, -1).replace(/''/g, "'");
    } else if (/^(true|false)$/i.test(literal)) {
      value = literal.toLowerCase() === 'true';
    } else if (/^null$/i.test(literal)) {
      value = null;
    } else {
      value = Number(literal);
    }
    clauses.push({ field, value });
    rest = rest.slice(whole.length).trim();
  }
  return clauses;
}

function valueAt(item: Readonly<Record<string, unknown>>, path: string): unknown {
  let current: unknown = item;
  for (const part of path.split('/')) {
    if (typeof current !== 'object' || current === null) {
      return undefined;
    }
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

export function matchesFilter(item: Readonly<Record<string, unknown>>, clauses: readonly FilterClause[]): boolean {
  return clauses.every((clause) => {
    const actual = valueAt(item, clause.field);
    if (typeof actual === 'string' && typeof clause.value === 'string') {
      return actual.toLowerCase() === clause.value.toLowerCase();
    }
    return (actual ?? null) === clause.value;
  });
}

export type ExpandItem = { readonly name: string; readonly nested: string | null };

/** Parses `roleDefinition,policy($expand=rules)`; null when parentheses do not balance. */
export function parseExpand(text: string | null): ExpandItem[] | null {
  if (text === null || text.trim() === '') {
    return [];
  }
  const items: ExpandItem[] = [];
  let depth = 0;
  let current = '';
  const push = (): boolean => {
    const trimmed = current.trim();
    current = '';
    if (trimmed === '') {
      return false;
    }
    const open = trimmed.indexOf('(');
    if (open === -1) {
      items.push({ name: trimmed, nested: null });
    } else {
      if (!trimmed.endsWith(')')) {
        return false;
      }
      items.push({ name: trimmed.slice(0, open).trim(), nested: trimmed.slice(open + 1, -1) });
    }
    return true;
  };
  for (const char of text) {
    if (char === '(') {
      depth += 1;
    } else if (char === ')') {
      depth -= 1;
      if (depth < 0) {
        return null;
      }
    }
    if (char === ',' && depth === 0) {
      if (!push()) {
        return null;
      }
    } else {
      current += char;
    }
  }
  if (depth !== 0 || !push()) {
    return null;
  }
  return items;
}

export function applySelect(item: Readonly<Record<string, unknown>>, select: string | null): Record<string, unknown> {
  if (select === null || select.trim() === '') {
    return { ...item };
  }
  const fields = new Set(select.split(',').map((field) => field.trim()));
  const projected: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(item)) {
    if (name.startsWith('@odata') || name === 'id' || fields.has(name)) {
      projected[name] = value;
    }
  }
  return projected;
}

export function encodeSkipToken(offset: number): string {
  return Buffer.from(JSON.stringify({ o: offset, v: 1 })).toString('base64url');
}

export function decodeSkipToken(token: string | null): number | null {
  if (token === null) {
    return 0;
  }
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { o?: unknown };
    return typeof parsed.o === 'number' && Number.isInteger(parsed.o) && parsed.o >= 0 ? parsed.o : null;
  } catch {
    return null;
  }
}
