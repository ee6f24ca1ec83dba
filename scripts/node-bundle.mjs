// esbuild options shared by every bundle that runs under plain Node: the CLI, the tenant, and the
// bundles the tests, the benchmark and the smoke test build from TypeScript. One place, so a module
// that must stay out of bundles cannot be forgotten by one of them.

/** The oldest Node package.json's `engines` accepts (Node 22 LTS is the target; 20.19 still works). */
export const NODE_TARGET = 'node20.19';

/**
 * Loaded at run time from node_modules, never bundled: importing @azure/msal-node-extensions starts a
 * native runtime (and needs keytar's native build), and it is imported only when the Windows broker
 * option is on (src/core/auth/broker.ts).
 */
export const RUNTIME_ONLY = Object.freeze(['@azure/msal-node-extensions']);

export const nodeBundle = Object.freeze({
  bundle: true,
  platform: 'node',
  target: NODE_TARGET,
  format: 'cjs',
  external: [...RUNTIME_ONLY],
});
