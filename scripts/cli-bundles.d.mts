/** Types of scripts/cli-bundles.mjs, for the tests that build the CLI as the release does. */
export function buildCli(outdir: string, options?: { readonly logLevel?: 'error' | 'warning' | 'info' }): Promise<void>;
