import net from 'node:net';

import type { Check, DoctorState } from './check.js';

/** Whether `host:port` can be listened on: undefined when free, else the error. */
export function portFree(host: string, port: number): Promise<NodeJS.ErrnoException | undefined> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', (err: NodeJS.ErrnoException) => resolve(err));
    srv.listen(port, host, () => srv.close(() => resolve(undefined)));
  });
}

/** 3. The port: this gateway's, free, taken by another program, or not one to listen on. */
export async function checkPort(
  s: Pick<DoctorState, 'host' | 'port' | 'running' | 'target'>,
): Promise<Check[]> {
  const { host, port, running, target } = s;
  if (running && target.runtime !== undefined && target.runtime.port === port) {
    return [{ check: 'port', status: 'ok', message: `port ${port} is used by this gateway` }];
  }
  const err = await portFree(host, port);
  if (err === undefined) {
    return [{ check: 'port', status: 'ok', message: `port ${port} on ${host} is free` }];
  }
  if (err.code === 'EADDRINUSE') {
    return [
      {
        check: 'port',
        status: running ? 'info' : 'fail',
        message: `port ${port} on ${host} is in use${running ? ' (by the gateway at ' + target.baseUrl + '?)' : ' by another program'}`,
        fix: `pick a free one: "gateway": { "port": ${port + 1} } in the config, or \`mcp-gateway serve --port ${port + 1}\``,
      },
    ];
  }
  return [
    {
      check: 'port',
      status: 'fail',
      message: `cannot listen on ${host}:${port}: ${err.message}`,
      fix: 'use a port above 1024 and a host of this machine (127.0.0.1)',
    },
  ];
}
