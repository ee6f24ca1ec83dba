/**
 * The bounds of the configurable timeouts, in whole seconds: one rule for the layered configuration (flags,
 * environment, the user's file) and the machine policy file alike.
 *
 * A sign-in can be bounded down to 5 s: a script that counts on the browser's existing session (no prompt, one
 * redirect) may want to fail fast instead of waiting for a person; 30 minutes is the longest any sign-in waits.
 */
export const SIGN_IN_TIMEOUT_SECONDS = { min: 5, max: 1800 } as const;

/** How long a request is followed until its role is active. */
export const PROVISIONING_TIMEOUT_SECONDS = { min: 5, max: 3600 } as const;
