/** Parses a Content-Security-Policy into directive → sources, as a browser would read it. */
export function parseCsp(policy: string): Map<string, string[]> {
  const directives = new Map<string, string[]>();
  for (const part of policy.split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name !== undefined && name !== '' && !directives.has(name.toLowerCase())) {
      directives.set(name.toLowerCase(), values);
    }
  }
  return directives;
}

/** The sources that apply to a fetch directive, falling back to default-src as CSP does. */
export function effectiveSources(csp: Map<string, string[]>, directive: string): string[] {
  return csp.get(directive) ?? csp.get('default-src') ?? ['*'];
}
