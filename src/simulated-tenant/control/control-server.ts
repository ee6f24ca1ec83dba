/**
 * The HTTP control API: plain HTTP on 127.0.0.1, a port of its own, JSON in and out. It is the twin of the in-process
 * {@link TenantControl}; tests, demos and trainers steer the tenant with it.
 *
 * Routes:
 * - `GET /` — tenant summary (URLs, users with their simulated credentials)
 * - `POST /reset` `{"scenario"?: name | object}` · `POST /clock/advance` `{"ms"}` · `GET /clock` · `PUT /clock` `{"offsetMs"}`
 * - `GET /requests` · `POST /requests/{id}/approve` · `POST /requests/{id}/deny`
 * - `GET /journal` · `DELETE /journal`
 * - `POST /faults` (a FaultSpec) · `DELETE /faults`
 * - `PUT /unattended` `{"username","methods"}` · `DELETE /unattended`
 * - `PUT /settings` `{"acrsChallengeForm"?, "requireCp1ForAcrs"?, "strictSessions"?, "graphPageSize"?, "armPageSize"?,
 *   "activationDelayMs"?, "propagationDelayMs"?: {"directory"?, "groups"?, "arm"?}, "conditionalAccessPoliciesReadable"?,
 *   "authenticationStrengthsReadable"?}`
 * - `PUT /users/{username}/policy-readable` `{"readable"}` · `POST /users/{username}/revoke-sessions`
 *
 * Why it is guarded this way: the control API approves requests, moves the clock and lists the demo passwords, and
 * any web page the user visits can send requests to 127.0.0.1. So every request must carry the per-run token
 * (`Authorization: Bearer <token>`, printed at start); a body must be `application/json` (a page cannot send that
 * without a CORS preflight, which this server never answers); a browser's `Origin` other than the API's own is
 * refused; and the Host must be loopback (defeats DNS rebinding).
 */
import { timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TenantControl } from '../api-types';
import { BodyTooLargeError, guardedListener, json, readInbound, type InboundRequest, type Reply } from '../http/http-kit';
import { matchPath, pathPattern } from '../http/path-pattern';
import {
  clockAdvanceInput,
  clockOffsetInput,
  MAX_SEGMENT_LENGTH,
  parseInput,
  policyReadableInput,
  resetInput,
  settingsInput,
  unattendedInput,
} from './control-inputs';
import type { Journal } from './journal-and-faults';
import { parseJsonStrict } from '../../shared/json/duplicate-keys';

export type ControlServerOptions = {
  readonly port: number;
  readonly control: TenantControl;
  readonly journal: Journal;
  readonly summary: () => unknown;
  /** The per-run secret every request must present as `Authorization: Bearer <token>`. */
  readonly token: string;
};

function sameSecret(presented: string, expected: string): boolean {
  const a = Buffer.from(presented, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Why a request is refused before routing, or null when it may be routed. */
export function refusal(inbound: InboundRequest, port: number, token: string): Reply | null {
  const own = [`127.0.0.1:${String(port)}`, `localhost:${String(port)}`];
  const host = (inbound.headers.host ?? '').toLowerCase();
  if (!own.includes(host)) {
    return json(403, { error: 'forbidden', message: 'The control API accepts only loopback Host headers.' });
  }
  const origin = inbound.headers.origin;
  if (origin !== undefined && !own.some((item) => origin.toLowerCase() === `http://${item}`)) {
    return json(403, { error: 'forbidden', message: 'The control API refuses requests from web pages (foreign Origin).' });
  }
  const authorization = inbound.headers.authorization ?? '';
  if (!authorization.startsWith('Bearer ') || !sameSecret(authorization.slice('Bearer '.length), token)) {
    return json(401, {
      error: 'unauthorized',
      message: 'Send the control token printed when the tenant started: Authorization: Bearer <token>.',
    });
  }
  const contentType = (inbound.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (inbound.body.length > 0 && contentType !== 'application/json') {
    return json(415, { error: 'unsupported_media_type', message: 'Send request bodies as Content-Type: application/json.' });
  }
  return null;
}

function bodyOf(inbound: InboundRequest): unknown {
  return inbound.body.length === 0 ? {} : parseJsonStrict(inbound.body.toString('utf8'));
}

const OK = (): Reply => json(200, { ok: true });
const NOW = (control: TenantControl): Reply => json(200, { now: control.now().toISOString() });

/** A control route: method and path (`{name}` matches one segment of at most {@link MAX_SEGMENT_LENGTH} characters). */
type ControlRoute = {
  readonly method: string;
  readonly path: string;
  readonly handle: (control: TenantControl, body: unknown, params: Readonly<Record<string, string>>) => Reply;
};

const CONTROL_ROUTE_LIST: readonly ControlRoute[] = [
  {
    method: 'POST',
    path: 'reset',
    handle: (control, body) => {
      control.reset(parseInput(resetInput, body, 'reset').scenario);
      return OK();
    },
  },
  { method: 'GET', path: 'clock', handle: NOW },
  {
    method: 'PUT',
    path: 'clock',
    handle: (control, body) => {
      control.setClockOffset(parseInput(clockOffsetInput, body, 'clock').offsetMs);
      return NOW(control);
    },
  },
  {
    method: 'POST',
    path: 'clock/advance',
    handle: (control, body) => {
      control.advanceClock(parseInput(clockAdvanceInput, body, 'clock advance').ms);
      return NOW(control);
    },
  },
  { method: 'GET', path: 'requests', handle: (control) => json(200, { requests: control.requests() }) },
  { method: 'GET', path: 'journal', handle: (control) => json(200, { entries: control.journal() }) },
  {
    method: 'DELETE',
    path: 'journal',
    handle: (control) => {
      control.clearJournal();
      return OK();
    },
  },
  {
    method: 'POST',
    path: 'faults',
    handle: (control, body) => {
      // The injector validates the fault itself (the in-process twin shares the rules).
      control.injectFault(body as never);
      return OK();
    },
  },
  {
    method: 'DELETE',
    path: 'faults',
    handle: (control) => {
      control.clearFaults();
      return OK();
    },
  },
  {
    method: 'PUT',
    path: 'unattended',
    handle: (control, body) => {
      control.setUnattended(parseInput(unattendedInput, body, 'unattended sign-in'));
      return OK();
    },
  },
  {
    method: 'DELETE',
    path: 'unattended',
    handle: (control) => {
      control.setUnattended(null);
      return OK();
    },
  },
  {
    method: 'PUT',
    path: 'settings',
    handle: (control, body) => {
      applySettings(control, body);
      return OK();
    },
  },
  { method: 'POST', path: 'requests/{id}/approve', handle: (control, _body, params) => json(200, control.approve(params.id ?? '')) },
  { method: 'POST', path: 'requests/{id}/deny', handle: (control, _body, params) => json(200, control.deny(params.id ?? '')) },
  {
    method: 'PUT',
    path: 'users/{upn}/policy-readable',
    handle: (control, body, params) => {
      control.setPolicyReadable(params.upn ?? '', parseInput(policyReadableInput, body, 'policy-readable').readable);
      return OK();
    },
  },
  {
    method: 'POST',
    path: 'users/{upn}/revoke-sessions',
    handle: (control, _body, params) => {
      control.revokeSessions(params.upn ?? '');
      return OK();
    },
  },
];
const CONTROL_ROUTES = CONTROL_ROUTE_LIST.map((route) => ({ ...route, pattern: pathPattern(route.path) }));

/** The control route for a request, or 404; handlers throw on bad input (answered 400 by the listener). */
function routeControl(options: ControlServerOptions, method: string, path: string, body: unknown): Reply {
  const segments = path.split('/').filter((segment) => segment !== '');
  if (method === 'GET' && segments.length === 0) {
    return json(200, options.summary());
  }
  for (const route of CONTROL_ROUTES) {
    const params = route.method === method ? matchPath(route.pattern, segments) : null;
    if (params !== null && Object.values(params).every((value) => value.length <= MAX_SEGMENT_LENGTH)) {
      return route.handle(options.control, body, params);
    }
  }
  return json(404, { error: 'not_found', message: `No control route ${method} ${path}.` });
}

export async function startControlServer(options: ControlServerOptions): Promise<{ server: Server; port: number }> {
  let port = 0;
  const server = createServer(
    guardedListener(async (req, res) => {
      const started = Date.now();
      let reply: Reply;
      let path = '/';
      let method = 'GET';
      try {
        const inbound = await readInbound(req, `http://127.0.0.1:${String(port)}`);
        path = inbound.url.pathname;
        method = inbound.method;
        reply = refusal(inbound, port, options.token) ?? routeControl(options, inbound.method, inbound.path, bodyOf(inbound));
      } catch (error) {
        reply =
          error instanceof BodyTooLargeError
            ? json(413, { error: 'payload_too_large', message: error.message }, { connection: 'close' })
            : json(400, { error: 'bad_request', message: error instanceof Error ? error.message : 'Bad request.' });
      }
      res.writeHead(reply.status, reply.headers).end(reply.body);
      options.journal.record({
        at: options.control.now().toISOString(),
        surface: 'control',
        method: method.slice(0, 16),
        path: path.slice(0, 512),
        query: '',
        status: reply.status,
        requestId: null,
        clientRequestId: null,
        principalId: null,
        batchItemId: null,
        action: null,
        fault: null,
        durationMs: Date.now() - started,
      });
    }),
  );

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  return { server, port };
}

function applySettings(control: TenantControl, body: unknown): void {
  const settings = parseInput(settingsInput, body, 'settings');
  if (settings.acrsChallengeForm !== undefined) {
    control.setAcrsChallengeForm(settings.acrsChallengeForm);
  }
  if (settings.requireCp1ForAcrs !== undefined) {
    control.setRequireCp1ForAcrs(settings.requireCp1ForAcrs);
  }
  if (settings.strictSessions !== undefined) {
    control.setStrictSessions(settings.strictSessions);
  }
  if (settings.graphPageSize !== undefined) {
    control.setGraphPageSize(settings.graphPageSize);
  }
  if (settings.armPageSize !== undefined) {
    control.setArmPageSize(settings.armPageSize);
  }
  if (settings.activationDelayMs !== undefined) {
    control.setActivationDelayMs(settings.activationDelayMs);
  }
  for (const plane of ['directory', 'groups', 'arm'] as const) {
    const ms = settings.propagationDelayMs?.[plane];
    if (ms !== undefined) {
      control.setPropagationDelayMs(plane, ms);
    }
  }
  control.setConditionalAccessReadable({
    ...(settings.conditionalAccessPoliciesReadable === undefined ? {} : { policies: settings.conditionalAccessPoliciesReadable }),
    ...(settings.authenticationStrengthsReadable === undefined ? {} : { strengths: settings.authenticationStrengthsReadable }),
  });
}
