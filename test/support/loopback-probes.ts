/**
 * What another local process can do to a loopback listener, for the sign-in listener's tests: connect to it, and
 * stream a large form body at it from one reused 64 KB buffer (so the test's own memory stays small).
 */
import { request } from 'node:http';
import { connect } from 'node:net';

/** True when something accepts a TCP connection on 127.0.0.1:port. */
export function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => {
      resolve(false);
    });
  });
}

/**
 * POSTs `total` bytes of form body to `http://127.0.0.1:<port>/`, with a declared length or chunked; resolves once the
 * request ended, with the answer's status (null when the connection went first) and how much was written.
 */
export function floodPost(port: number, total: number, chunked: boolean): Promise<{ status: number | null; sent: number }> {
  return new Promise((resolve) => {
    const chunk = Buffer.alloc(65_536, 0x61);
    let sent = 0;
    let status: number | null = null;
    const req = request({
      host: '127.0.0.1',
      port,
      method: 'POST',
      path: '/',
      agent: false,
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...(chunked ? {} : { 'content-length': String(total) }) },
    });
    req.on('response', (res) => {
      status = res.statusCode ?? null;
      res.resume();
    });
    const done = (): void => {
      resolve({ status, sent });
    };
    req.on('error', done);
    req.on('close', done);
    const pump = (): void => {
      while (sent < total && !req.destroyed) {
        sent += chunk.length;
        if (!req.write(chunk)) {
          req.once('drain', pump);
          return;
        }
      }
      req.end();
    };
    pump();
  });
}
