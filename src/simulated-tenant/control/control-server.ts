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
 * - `PUT /settings` `{"acrsChallengeForm"?, "requireCp1ForAcrs"?, "graphPageSize"?, "armPageSize"?, "activationDelayMs"?}`
 * - `PUT /users/{username}/policy-readable` `{"readable"}` · `POST /users/{username}/revoke-sessions`
 *
 * Why loopback-only and Host-checked: the control API can approve requests and change the clock; only local
 * processes may use it (the Host check defeats DNS rebinding from a browser).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AcrsChallengeForm, FaultSpec, TenantControl } from '../api-types';
import { readInbound, json, type Reply } from '../http/http-kit';
import type { Journal } from './journal-and-faults';

export type ControlServerOptions = {
  readonly port: number;
  readonly control: TenantControl;
  readonly journal: Journal;
  readonly summary: () => unknown;
};

function asObject(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

export async function startControlServer(options: ControlServerOptions): Promise<{ server: Server; port: number }> {
  let port = 0;
  const server = createServer((req, res) => {
    const started = Date.now();
    void (async () => {
      let reply: Reply;
      let path = req.url ?? '/';
      let method = req.method ?? 'GET';
      try {
        const inbound = await readInbound(req, `http://127.0.0.1:${port}`);
        path = inbound.url.pathname;
        method = inbound.method;
        const host = (inbound.headers.host ?? '').toLowerCase();
        if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) {
          reply = json(403, { error: 'forbidden', message: 'The control API accepts only loopback Host headers.' });
        } else {
          let body: unknown = null;
          if (inbound.body.length > 0) {
            body = JSON.parse(inbound.body.toString('utf8')) as unknown;
          }
          reply = route(inbound.method, inbound.path, body);
        }
      } catch (error) {
        reply = json(400, { error: 'bad_request', message: error instanceof Error ? error.message : 'Bad request.' });
      }
      res.writeHead(reply.status, reply.headers).end(reply.body);
      options.journal.record({
        at: options.control.now().toISOString(),
        surface: 'control',
        method,
        path,
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
    })();
  });

  function route(method: string, path: string, body: unknown): Reply {
    const control = options.control;
    const input = asObject(body);
    const segments = path.split('/').filter((segment) => segment !== '');
    const key = `${method} /${segments.join('/')}`;
    switch (key) {
      case 'GET /':
        return json(200, options.summary());
      case 'POST /reset':
        control.reset(input.scenario);
        return json(200, { ok: true });
      case 'GET /clock':
        return json(200, { now: control.now().toISOString() });
      case 'PUT /clock': {
        if (typeof input.offsetMs !== 'number' || !Number.isFinite(input.offsetMs)) {
          return json(400, { error: 'bad_request', message: 'offsetMs must be a number (negative allowed)' });
        }
        control.setClockOffset(input.offsetMs);
        return json(200, { now: control.now().toISOString() });
      }
      case 'POST /clock/advance': {
        if (typeof input.ms !== 'number' || !Number.isFinite(input.ms) || input.ms < 0) {
          return json(400, { error: 'bad_request', message: 'ms must be a non-negative number' });
        }
        control.advanceClock(input.ms);
        return json(200, { now: control.now().toISOString() });
      }
      case 'GET /requests':
        return json(200, { requests: control.requests() });
      case 'GET /journal':
        return json(200, { entries: control.journal() });
      case 'DELETE /journal':
        control.clearJournal();
        return json(200, { ok: true });
      case 'POST /faults':
        control.injectFault(body as FaultSpec);
        return json(200, { ok: true });
      case 'DELETE /faults':
        control.clearFaults();
        return json(200, { ok: true });
      case 'PUT /unattended':
        control.setUnattended({ username: String(input.username), methods: Array.isArray(input.methods) ? input.methods.map(String) : [] });
        return json(200, { ok: true });
      case 'DELETE /unattended':
        control.setUnattended(null);
        return json(200, { ok: true });
      case 'PUT /settings': {
        if (input.acrsChallengeForm !== undefined) {
          control.setAcrsChallengeForm(input.acrsChallengeForm as AcrsChallengeForm);
        }
        if (typeof input.requireCp1ForAcrs === 'boolean') {
          control.setRequireCp1ForAcrs(input.requireCp1ForAcrs);
        }
        if (typeof input.graphPageSize === 'number') {
          control.setGraphPageSize(input.graphPageSize);
        }
        if (typeof input.armPageSize === 'number') {
          control.setArmPageSize(input.armPageSize);
        }
        if (typeof input.activationDelayMs === 'number') {
          control.setActivationDelayMs(input.activationDelayMs);
        }
        return json(200, { ok: true });
      }
      default:
        break;
    }
    if (method === 'POST' && segments[0] === 'requests' && segments.length === 3 && (segments[2] === 'approve' || segments[2] === 'deny')) {
      const id = segments[1] ?? '';
      return json(200, segments[2] === 'approve' ? control.approve(id) : control.deny(id));
    }
    if (segments[0] === 'users' && segments.length === 3) {
      const username = decodeURIComponent(segments[1] ?? '');
      if (method === 'PUT' && segments[2] === 'policy-readable') {
        control.setPolicyReadable(username, input.readable === true);
        return json(200, { ok: true });
      }
      if (method === 'POST' && segments[2] === 'revoke-sessions') {
        control.revokeSessions(username);
        return json(200, { ok: true });
      }
    }
    return json(404, { error: 'not_found', message: `No control route ${method} ${path}.` });
  }

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
