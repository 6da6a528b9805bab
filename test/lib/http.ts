import http from 'node:http';

/** Node's fetch in the shape the API client takes. */
export const nodeFetch = (url: string, init: unknown) => fetch(url, init as RequestInit) as never;

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  json(): Record<string, unknown>;
}

/** A raw HTTP request with full control over Host and other headers fetch would not let us set. */
export function rawRequest(
  url: string,
  options: { method?: string; path: string; headers?: Record<string, string>; body?: string | Buffer },
): Promise<RawResponse> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: u.hostname,
        port: u.port,
        method: options.method ?? 'GET',
        path: options.path,
        headers: options.headers,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const body = Buffer.concat(chunks).toString('utf8');
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body,
            json: () => JSON.parse(body) as Record<string, unknown>,
          });
        });
      },
    );
    req.on('error', reject);
    if (options.body !== undefined) {
      req.write(options.body);
    }
    req.end();
  });
}

/** The headers a Streamable HTTP client sends with a POST. */
export const MCP_POST_HEADERS = {
  'content-type': 'application/json',
  accept: 'application/json, text/event-stream',
};

/** POSTs a raw JSON-RPC `initialize` (2025-06-18) to an MCP endpoint, as a client's first request. */
export function postInitialize(url: string, clientName = 't'): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: MCP_POST_HEADERS,
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: {
        protocolVersion: '2025-06-18',
        capabilities: {},
        clientInfo: { name: clientName, version: '1' },
      },
    }),
  });
}

/** What a browser does with a sign-in page: follow redirects (at most 10) until a page answers. */
export async function followLikeABrowser(
  url: string,
): Promise<{ status: number; body: string; url: string }> {
  let current = url;
  for (let hop = 0; hop < 10; hop++) {
    const res = await fetch(current, { redirect: 'manual' });
    const location = res.headers.get('location');
    if (res.status >= 300 && res.status < 400 && location !== null) {
      await res.text();
      current = new URL(location, current).href;
      continue;
    }
    return { status: res.status, body: await res.text(), url: current };
  }
  throw new Error('too many redirects');
}
