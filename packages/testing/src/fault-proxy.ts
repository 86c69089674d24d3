import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';

/** What the proxy does to the pool's keys (JWKS) on their way to the app. */
type JwksFault = 'none' | 'unavailable' | 'dropped' | 'not-a-jwks';

export interface FaultProxy {
  /** Its URL: give it to the strategy as `backChannelUrl`. */
  url: string;
  /** Paths asked through it, in order. */
  seen: string[];
  /** Operations of Cognito's JSON API asked through it (`GetUser`, `GlobalSignOut`, ...), in order. */
  operations: string[];
  faults: {
    jwks: JwksFault;
    /** Every request is dropped, as if the login service were down. */
    down: boolean;
    /** ID tokens in token responses get a claim changed (their signature no longer matches). */
    tamperIdToken: boolean;
    /** The token endpoint answers with this OAuth error instead (status 400). */
    tokenError: string | null;
    /** Cognito's JSON API (`POST /`: GetUser, GlobalSignOut, ...) answers with this status and InternalErrorException. */
    apiStatus: number | null;
  };
  /** Back to passing everything through untouched. */
  reset(): void;
  close(): Promise<void>;
}

const jwksPath = /\/\.well-known\/jwks\.json$/;
const isApiCall = (incoming: IncomingMessage) => incoming.method === 'POST' && incoming.url === '/';
/** The operation an API call names: `X-Amz-Target: AWSCognitoIdentityProviderService.GetUser` → `GetUser`. */
const operationOf = (incoming: IncomingMessage) =>
  String(incoming.headers['x-amz-target'] ?? '')
    .split('.')
    .pop() ?? '';

/** A claim of the JWT changed, its signature kept: a token only a broken or hostile server sends. */
function tampered(jwt: string): string {
  const [header, payload, signature] = jwt.split('.');
  const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString('utf8'));
  claims.email = `someone-else+${claims.email}`;
  return [header, Buffer.from(JSON.stringify(claims)).toString('base64url'), signature].join('.');
}

/**
 * The login server as an app's server reaches it through a back channel (`backChannelUrl`), with
 * faults on demand: the keys unavailable or not a JWKS, every connection dropped, an ID token
 * altered on its way, an OAuth error from the token endpoint, a 5xx from Cognito's JSON API. The login server itself runs
 * unchanged behind it. On 127.0.0.1, at `port` when given (a stack in other processes is told it
 * before it starts), else at a free one.
 */
export async function startFaultProxy(target: string, options: { port?: number } = {}): Promise<FaultProxy> {
  const upstream = new URL(target);
  const seen: string[] = [];
  const operations: string[] = [];
  const faults: FaultProxy['faults'] = {
    jwks: 'none',
    down: false,
    tamperIdToken: false,
    tokenError: null,
    apiStatus: null,
  };

  const forward = (incoming: IncomingMessage, outgoing: ServerResponse) => {
    const path = incoming.url ?? '/';
    const rewrite = faults.tamperIdToken && path === '/oauth2/token';
    const request = httpRequest(
      {
        host: upstream.hostname,
        port: upstream.port,
        path,
        method: incoming.method,
        headers: { ...incoming.headers, host: upstream.host, 'accept-encoding': 'identity' },
      },
      (response) => {
        if (!rewrite || response.statusCode !== 200) {
          outgoing.writeHead(response.statusCode ?? 502, response.headers);
          response.pipe(outgoing);
          return;
        }
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
          body.id_token = tampered(body.id_token);
          const text = JSON.stringify(body);
          outgoing.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
          outgoing.end(text);
        });
      },
    );
    request.on('error', () => outgoing.destroy());
    incoming.pipe(request);
  };

  const server: Server = createServer((incoming, outgoing) => {
    const path = incoming.url ?? '/';
    seen.push(path);
    if (isApiCall(incoming)) operations.push(operationOf(incoming));
    if (faults.down || (jwksPath.test(path) && faults.jwks === 'dropped')) {
      incoming.socket.destroy();
      return;
    }
    if (path === '/oauth2/token' && faults.tokenError) {
      const body = JSON.stringify({ error: faults.tokenError });
      outgoing.writeHead(400, { 'content-type': 'application/json' }).end(body);
      return;
    }
    if (isApiCall(incoming) && faults.apiStatus) {
      const body = JSON.stringify({ __type: 'InternalErrorException', message: 'Internal error' });
      outgoing.writeHead(faults.apiStatus, { 'content-type': 'application/x-amz-json-1.1' }).end(body);
      return;
    }
    if (jwksPath.test(path) && faults.jwks === 'unavailable') {
      outgoing.writeHead(503, { 'content-type': 'text/plain' }).end('Service Unavailable');
      return;
    }
    if (jwksPath.test(path) && faults.jwks === 'not-a-jwks') {
      outgoing.writeHead(200, { 'content-type': 'text/html' }).end('<html><body>Down for maintenance</body></html>');
      return;
    }
    forward(incoming, outgoing);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    operations,
    faults,
    reset() {
      Object.assign(faults, { jwks: 'none', down: false, tamperIdToken: false, tokenError: null, apiStatus: null });
      seen.length = 0;
      operations.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
