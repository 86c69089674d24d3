import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';

/** A request as a careless or hostile client may send it: any method, headers, bytes. */
export interface RawRequest {
  method: string;
  /** The request target as sent: may hold bad percent-encoding or bytes that are not UTF-8 (latin1 chars). */
  path: string;
  /** In order, duplicates allowed. */
  headers: [string, string][];
  body?: Buffer;
  /** false: no Host header at all. */
  host?: boolean;
}

export interface RawResponse {
  /** 0 when the server closed the connection without an answer. */
  status: number;
  body: string;
}

/** Sends one request over its own connection (Node's client: it sends whatever it is given). */
export function send(origin: string, request: RawRequest, timeoutMs = 10_000): Promise<RawResponse> {
  const { hostname, port } = new URL(origin);
  return new Promise((resolve, reject) => {
    const req = httpRequest({
      host: hostname,
      port,
      method: request.method,
      path: request.path,
      // Given as a list (duplicates kept), the headers are sent as they are: Host included.
      headers: [
        ...(request.host === false ? [] : ['Host', `${hostname}:${port}`]),
        ...request.headers.flat(),
        'Connection',
        'close',
      ],
      setHost: false,
      agent: false,
      // The services may answer with large headers (cookies, policies): read them all.
      maxHeaderSize: 64 * 1024,
      timeout: timeoutMs,
    });
    const answered = (status: number, body: string) => resolve({ status, body });
    req.on('response', (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => answered(response.statusCode ?? 0, Buffer.concat(chunks).toString('latin1')));
      response.on('error', () => answered(response.statusCode ?? 0, Buffer.concat(chunks).toString('latin1')));
    });
    req.on('timeout', () => {
      req.destroy();
      reject(new Error(`no answer within ${timeoutMs / 1000} s`));
    });
    // A server may answer a body it refuses (too large) before reading it, and close: the answer counts.
    req.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ECONNRESET' || error.code === 'EPIPE') answered(0, '');
      else reject(error);
    });
    req.end(request.body);
  });
}

/**
 * Sends bytes as they are, for what Node's client will not write (HTTP/1.0 without a Host, a
 * malformed request line), and returns the status of the first response line and the rest as text.
 * The bytes must make the server close the connection once it has answered (HTTP/1.0, or
 * `Connection: close`).
 */
export function sendBytes(origin: string, bytes: Buffer, timeoutMs = 10_000): Promise<RawResponse> {
  const { hostname, port } = new URL(origin);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port) });
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer within ${timeoutMs / 1000} s`));
    }, timeoutMs);
    const done = () => {
      clearTimeout(timer);
      const text = Buffer.concat(chunks).toString('latin1');
      const status = /^HTTP\/1\.[01] (\d{3})/.exec(text);
      resolve({ status: status ? Number(status[1]) : 0, body: text });
    };
    socket.on('data', (chunk) => chunks.push(chunk));
    // A server may reset a connection it refuses; what it answered first still counts ('close' follows).
    socket.on('error', () => {});
    socket.on('close', done);
    // Not ended from this side: a server may close a half-closed connection before it answers.
    socket.write(bytes);
  });
}
