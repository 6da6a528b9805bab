import type { IncomingMessage } from 'node:http';

import type { NextFunction, Request, RequestHandler, Response } from 'express';

import { isLoopbackHost } from '../../../src-shared/config.js';
import { ERROR_STATUS, type ErrorCode } from '../../../src-shared/errors.js';

/**
 * DNS-rebinding defence for every request the gateway answers (/mcp, /sse, /api, /ui, ...):
 * the Host header must name us (a loopback name with our port), and a browser's Origin must be
 * one of ours or explicitly allowed. A web page on another site can then neither read nor drive
 * the gateway, even if it resolves its own name to 127.0.0.1.
 */

export interface HostOriginOptions {
  /** The host the gateway is bound to (from settings). */
  host: string;
  /** Our port; a function when it is known only after listen (port 0). */
  port: number | (() => number);
  /** Extra exact origins (`scheme://host:port`); a function to follow settings live. */
  allowedOrigins?: readonly string[] | (() => readonly string[]);
  /** Whether a non-loopback bind is allowed (`gateway.allowRemote`); default: allowed when `host` is not loopback. */
  allowRemote?: boolean;
}

const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'];

function sendForbidden(res: Response, code: ErrorCode, message: string): void {
  res.status(ERROR_STATUS[code]).type('application/json').send(JSON.stringify({ code, message }));
}

/** Split `name:port` / `[v6]:port`. */
function splitHost(value: string): { name: string; port: string | undefined } {
  const m = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(value.trim().toLowerCase());
  if (!m) {
    return { name: value.toLowerCase(), port: undefined };
  }
  return { name: m[1] ?? '', port: m[2] };
}

function isWildcard(host: string): boolean {
  return host === '0.0.0.0' || host === '::' || host === '[::]';
}

function bracket(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

/** Origins that are "us": the loopback names (and the configured host when remote) with our port. */
function ownOrigins(host: string, port: number, allowRemote = false): string[] {
  const names = new Set(LOOPBACK_NAMES);
  if (isLoopbackHost(host)) {
    // Bound to another loopback address (127.0.0.2, ...): that name is ours too.
    names.add(bracket(host.toLowerCase()));
  }
  if (allowRemote && !isLoopbackHost(host) && !isWildcard(host)) {
    names.add(bracket(host.toLowerCase()));
  }
  return [...names].map((n) => `http://${n}:${port}`);
}

export interface OriginCheck {
  /** Origin is absent, ours or allowed. */
  allowed: boolean;
  /** Origin is present and one of our own (same origin). */
  own: boolean;
  /** Origin is in the configured extra list. */
  extra: boolean;
}

export type HostOriginGuard = RequestHandler & {
  checkOrigin(origin: string | undefined): OriginCheck;
  /** Whether the request passes (for listeners that answer before express; refusals go through the guard). */
  allows(req: IncomingMessage): boolean;
};

export function createHostOriginGuard(options: HostOriginOptions): HostOriginGuard {
  const portOf = () => (typeof options.port === 'function' ? options.port() : options.port);
  const extraOrigins = () =>
    (typeof options.allowedOrigins === 'function'
      ? options.allowedOrigins()
      : (options.allowedOrigins ?? [])
    ).map((o) => o.replace(/\/+$/, '').toLowerCase());
  // The engine refuses a non-loopback bind without allowRemote, so an unset flag here means allowed.
  const remote = options.allowRemote !== false && !isLoopbackHost(options.host);
  const configuredName = bracket(options.host.toLowerCase());
  // A bind to another loopback address (127.0.0.2, ...) is reached by that name.
  const ownNames = isLoopbackHost(options.host) ? [...LOOPBACK_NAMES, configuredName] : LOOPBACK_NAMES;
  const shownHost = isLoopbackHost(options.host) ? configuredName : '127.0.0.1';

  const hostAllowed = (value: string | undefined): boolean => {
    if (value === undefined || value === '') {
      return false;
    }
    const { name, port } = splitHost(value);
    if (port !== String(portOf())) {
      return false;
    }
    if (ownNames.includes(name)) {
      return true;
    }
    if (remote) {
      // Bound to every interface: the name a remote client uses cannot be known in advance.
      // What is left: the admin token on the control plane; /mcp is open to whoever can reach
      // the port, which is why a non-loopback bind needs "gateway.allowRemote".
      return isWildcard(options.host) || name === configuredName;
    }
    return false;
  };

  const checkOrigin = (origin: string | undefined): OriginCheck => {
    if (origin === undefined) {
      return { allowed: true, own: false, extra: false };
    }
    const o = origin.replace(/\/+$/, '').toLowerCase();
    const own = ownOrigins(options.host, portOf(), remote).includes(o);
    const extra = extraOrigins().includes(o);
    return { allowed: own || extra, own, extra };
  };

  const guard = (req: Request, res: Response, next: NextFunction): void => {
    const host = req.headers.host;
    if (!hostAllowed(host)) {
      const port = portOf();
      sendForbidden(
        res,
        'FORBIDDEN_HOST',
        `Host "${host ?? ''}" is not allowed: use http://${shownHost}:${port} (other host names are refused to block DNS rebinding)`,
      );
      return;
    }
    const origin = req.headers.origin;
    if (!checkOrigin(origin).allowed) {
      sendForbidden(
        res,
        'FORBIDDEN_ORIGIN',
        `Origin "${origin ?? ''}" is not allowed to call the gateway; add it to gateway.allowedOrigins if you trust it`,
      );
      return;
    }
    next();
  };
  const allows = (req: IncomingMessage): boolean =>
    hostAllowed(req.headers.host) && checkOrigin(req.headers.origin).allowed;
  return Object.assign(guard, { checkOrigin, allows });
}
