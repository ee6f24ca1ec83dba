/**
 * The command line's flags, in one place: the parser, the completion scripts and the help text
 * agree because they read this table. No imports, so `--help` and `completion` stay light.
 */
export const OPTIONS = {
  demo: { type: 'boolean' },
  'demo-user': { type: 'string' },
  'demo-methods': { type: 'string' },
  'demo-scenario': { type: 'string' },
  tenant: { type: 'string' },
  'client-id': { type: 'string' },
  cloud: { type: 'string' },
  'authority-host': { type: 'string' },
  'graph-endpoint': { type: 'string' },
  'arm-endpoint': { type: 'string' },
  config: { type: 'string' },
  'always-fresh-auth': { type: 'boolean' },
  broker: { type: 'boolean' },
  'sign-in-timeout': { type: 'string' },
  json: { type: 'boolean' },
  verbose: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
  justification: { type: 'string' },
  'ticket-number': { type: 'string' },
  'ticket-system': { type: 'string' },
  duration: { type: 'string' },
  start: { type: 'string' },
  wait: { type: 'boolean' },
  'wait-usable': { type: 'boolean' },
  'wait-timeout': { type: 'string' },
  'request-id': { type: 'string' },
  scope: { type: 'string' },
} as const;

export type OptionName = keyof typeof OPTIONS;

/** Parsed flag values. */
export type OptionValues = Partial<Record<OptionName, string | boolean>>;

export const OPTION_NAMES = Object.keys(OPTIONS) as OptionName[];
