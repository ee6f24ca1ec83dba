/**
 * What `pim-stepup --help` and `--version` print, and the exit codes. Kept free of imports so
 * that these answers load nothing else (the start-up budget is a bare Node start plus a little).
 */
import packageJson from '../../package.json';

export const VERSION: string = packageJson.version;

export const EXIT = {
  ok: 0,
  failed: 1,
  usage: 2,
  pending: 3,
  /** 128 + the signal number, as shells report a command ended by that signal. */
  interrupted: 130,
  terminated: 143,
} as const;

/** Seconds `--wait` waits for an approval unless `--wait-timeout` says otherwise. */
export const DEFAULT_WAIT_SECONDS = 900;

export const COMMANDS = ['roles', 'activate', 'deactivate', 'cancel', 'status', 'sign-out', 'completion'] as const;
export type Command = (typeof COMMANDS)[number];

export const HELP = `pim-stepup ${VERSION}: activate Microsoft Entra PIM roles and groups, stepping up only when a role demands it.

Usage:
  pim-stepup roles [--json]
  pim-stepup activate <role or group, by name or id>... --duration PT2H [--start WHEN] [--justification TEXT]
                      [--ticket-number N --ticket-system S] [--scope SCOPE] [--wait] [--wait-usable]
                      [--wait-timeout SECONDS] [--json]
  pim-stepup deactivate <role or group>... [--scope SCOPE] [--json]
  pim-stepup cancel <role or group>... [--scope SCOPE] | --request-id ID [--json]
  pim-stepup status [--json]
  pim-stepup sign-out
  pim-stepup completion bash|zsh|pwsh
  pim-stepup --version | --help

Activation options:
  --duration ISO           How long, e.g. PT30M, PT2H, PT1H30M (5 minutes to 24 hours; the role's
                           policy may allow less).
  --start WHEN             Start later instead of now: 2026-12-24T08:00 (local time unless an offset
                           such as Z or +01:00 is given) or +2h, +90m, +1h30m, +1d (at most 30 days
                           ahead). The outcome is "scheduled" with its start; status lists it, cancel ends it.
  --justification TEXT     The reason (up to 500 characters); required by many roles.
  --ticket-number N        Ticket number, with --ticket-system S (up to 100 characters each).
  --wait                   When a request needs approval, wait for the decision: its id is printed
                           first, then each change; polls that request only, backing off to 30 s.
  --wait-usable            After PIM reports a role active, wait until the access is confirmed usable
                           (Azure: effective permissions at the scope; directory roles and groups: what
                           Graph reports); prints when each became active and usable. Roles no check can
                           judge are named at once.
  --wait-timeout SECONDS   How long --wait, and then --wait-usable, each wait (default ${String(DEFAULT_WAIT_SECONDS)});
                           if still pending, or active but not confirmed usable, exit 3.
  --request-id ID          cancel: the pending request to cancel, in any form activate or status print: Graph's id,
                           an Azure request's full id (/…/roleAssignmentScheduleRequests/<name>) or its name.

Global options:
  --demo                   Run against the built-in simulated tenant (nothing real is activated).
  --demo-user UPN          With --demo: sign in unattended as this simulated user (no browser).
  --demo-methods LIST      With --demo-user: comma-separated sign-in methods (default: password,authenticatorPush).
  --demo-scenario NAME     With --demo: the simulated tenant's scenario (default: the standard one).
  --tenant ID|DOMAIN       Tenant id (GUID) or verified domain.
  --client-id GUID         Application (client) id of your public-client app registration.
  --cloud NAME             public (default), usgov, usgov-dod or china.
  --authority-host URL     Custom sign-in host (https), with --graph-endpoint, for private or test clouds.
  --graph-endpoint URL     Custom Microsoft Graph endpoint (https).
  --arm-endpoint URL       Custom Azure Resource Manager endpoint (https), for Azure resource roles.
  --scope SCOPE            Applies to Azure roles only: the scope id (/subscriptions/…) or its name ("Contoso Prod")
                           to pick among roles of the same name; directory roles and groups named beside it still
                           match, e.g. activate "Global Administrator" Owner --scope "Contoso Prod".
  --config FILE            JSON configuration file (default: ~/.config/pim-stepup/config.json if present).
  --always-fresh-auth      Demand a fresh multifactor sign-in for every activation.
  --broker                 Sign in through the Windows account broker (WAM), not the browser (Windows only).
  --sign-in-timeout SECS   How long to wait for a browser sign-in (default 300).
  --json                   One JSON document on stdout for every outcome, errors included
                           (shape: docs/cli-output.schema.json); progress lines on stderr.
  --verbose                Diagnostic log on stderr (tokens and codes are always redacted).
  --version                The version.
  -h, --help               This text.

Environment: PIM_STEPUP_TENANT, PIM_STEPUP_CLIENT_ID, PIM_STEPUP_CLOUD, PIM_STEPUP_AUTHORITY_HOST,
PIM_STEPUP_GRAPH_ENDPOINT, PIM_STEPUP_ALWAYS_FRESH_AUTH, ... ; BROWSER picks the browser (it gets
the URL as argument). HTTPS_PROXY / HTTP_PROXY / NO_PROXY: the proxy for sign-in and Graph.
Extra CA certificates: NODE_EXTRA_CA_CERTS=/path/to/ca.pem.

Exit codes: 0 success (active, already active, scheduled, deactivated, cancelled), 1 failed, 2 usage
or configuration error (nothing was sent), 3 pending approval (the request id is printed), or with
--wait-usable active but not confirmed usable,
130 interrupted (Ctrl+C), 143 terminated (SIGTERM).
`;
