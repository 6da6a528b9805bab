/**
 * The engine's HTTP side during start-up: the port is bound first (requests that arrive early
 * wait), the HTTP stack is mounted once the servers are spawned, and the control plane loads on
 * the first request that needs it. Each piece goes onto the start-up's disposal stack.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import type { Express } from 'express';

import { GatewayError } from '../../src-shared/errors.js';
import type { EngineEvent } from '../../src-shared/events.js';
import type { ControlPlane } from './api/index.js';
import { type DisposalStack, once } from './disposal-stack.js';
import type { EarlyStart } from './early/index.js';
import type { EngineBase, Parts } from './engine-parts.js';
import type { Frontends } from './frontends/index.js';
import type { Identity } from './identity/index.js';
import { IDENTIFY_PATH, runtimeProof } from './runtime-file.js';
import { createHostOriginGuard, type HostOriginGuard, type SecretStore } from './security/index.js';
import type { ConfigStore, EngineContext, EventBus } from './types.js';

/** Events kept for a control plane that has not loaded yet (it loads when this many wait). */
const EARLY_EVENT_LIMIT = 1_000;

/**
 * Until the control plane loads, its listeners' events wait here, so its event history and
 * metrics cover the whole run. Bounded: a long run without any control-plane request loads it
 * once this fills (not while the engine is closing).
 */
export interface EarlyEvents {
  /** Hands the waiting events over and stops collecting. */
  take(): EngineEvent[];
  /** How to load the control plane when the buffer fills. */
  loader?: () => Promise<ControlPlane>;
}

export function collectEarlyEvents(bus: EventBus, stack: DisposalStack): EarlyEvents {
  const events: EngineEvent[] = [];
  const early: EarlyEvents = {
    take() {
      collecting.dispose();
      return events.splice(0);
    },
  };
  const collecting = bus.on((e) => {
    events.push(e);
    if (events.length >= EARLY_EVENT_LIMIT && early.loader !== undefined && !stack.disposed) {
      void early.loader().catch(() => undefined);
    }
  });
  stack.defer('early event buffer', () => collecting.dispose());
  return early;
}

function hostForUrl(host: string): string {
  if (host === '0.0.0.0' || host === '::') {
    return '127.0.0.1';
  }
  return host.includes(':') ? `[${host}]` : host;
}

export interface Listening {
  server: http.Server;
  port: number;
  url: string;
  /** Stops accepting connections; resolves once every connection has ended. Safe to call twice. */
  close: () => Promise<void>;
  /** Hands the requests that waited, and every later one, to `listener`. */
  serve(listener: http.RequestListener): void;
  /**
   * Until `serve`, requests first go to `answer` (early answers, see early/): those it does not
   * answer wait for `serve` as before, with what it read of them.
   */
  answerEarly(answer: (req: http.IncomingMessage, res: http.ServerResponse) => Promise<boolean>): void;
}

function bind(server: http.Server, host: string, port: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) => {
      reject(
        err.code === 'EADDRINUSE'
          ? new GatewayError(
              'UNAVAILABLE',
              `port ${port} on ${host} is already in use — is another gateway running? (\`mcp-gateway status\`) Or pick another port with --port or "gateway.port"`,
            )
          : err,
      );
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
}

/**
 * Binds the port before anything is spawned (a port in use fails first). Requests that arrive
 * before the HTTP stack is mounted wait; they pass the same guard as every other request.
 */
export async function listen(host: string, wantedPort: number, stack: DisposalStack): Promise<Listening> {
  let route: http.RequestListener | undefined;
  let answer: ((req: http.IncomingMessage, res: http.ServerResponse) => Promise<boolean>) | undefined;
  const early: Array<[http.IncomingMessage, http.ServerResponse]> = [];
  const wait = (req: http.IncomingMessage, res: http.ServerResponse) => {
    if (route !== undefined) {
      route(req, res);
    } else {
      early.push([req, res]);
    }
  };
  const tryEarly = (req: http.IncomingMessage, res: http.ServerResponse, ask: NonNullable<typeof answer>) => {
    ask(req, res).then(
      (answered) => answered || wait(req, res),
      () => wait(req, res),
    );
  };
  // Whole requests (headers and body) must arrive within requestTimeout, headers alone within
  // headersTimeout, checked every few seconds: a client that trickles bytes cannot hold a
  // connection for long. Answers are not limited by this, so long tool calls and SSE streams
  // stay open. (The MCP endpoints also time out each body on their own: limits.bodyTimeoutMs.)
  const server = http.createServer({ connectionsCheckingInterval: 5_000 }, (req, res) => {
    if (route === undefined && answer !== undefined) {
      tryEarly(req, res, answer);
    } else {
      wait(req, res);
    }
  });
  server.requestTimeout = 60_000;
  server.headersTimeout = 20_000;
  server.keepAliveTimeout = 5_000;
  await bind(server, host, wantedPort);
  const close = once(() => new Promise<void>((resolve) => server.close(() => resolve())));
  stack.defer('http server', close);
  stack.defer('requests waiting for start-up', () => {
    for (const [, res] of early.splice(0)) {
      res.writeHead(503).end();
    }
  });
  const port = (server.address() as AddressInfo).port;
  return {
    server,
    port,
    url: `http://${hostForUrl(host)}:${port}`,
    close,
    serve(listener) {
      route = listener;
      answer = undefined;
      for (const [req, res] of early.splice(0)) {
        listener(req, res);
      }
    },
    answerEarly(ask) {
      answer = ask;
      for (const [req, res] of early.splice(0)) {
        tryEarly(req, res, ask);
      }
    },
  };
}

/** What the HTTP stack is mounted with. */
export interface HttpInput {
  base: EngineBase;
  parts: Parts;
  config: ConfigStore;
  identity: Identity;
  secrets: () => Promise<SecretStore>;
  listening: Listening;
  host: string;
  /** This run's secret, for the identify route. */
  nonce: string;
  early: EarlyEvents;
  guard: HostOriginGuard;
  /** The sessions answered before the engine loaded, and where new answers are kept. */
  earlyAnswers: Pick<EarlyStart, 'recorder' | 'takeSessions'>;
  startedSettings: ReturnType<ConfigStore['current']>['gateway'];
}

/** The Host/Origin guard of every request (the early answers use its check too). */
export function hostOriginGuard(host: string, listening: Listening, config: ConfigStore): HostOriginGuard {
  return createHostOriginGuard({
    host,
    port: () => listening.port,
    allowedOrigins: () => config.current().gateway.allowedOrigins,
  });
}

function setUpApp(app: Express, input: HttpInput) {
  app.disable('x-powered-by');
  app.set('trust proxy', false);
  const guard = input.guard;
  app.use(guard);
  // Answers a challenge with proof that this is the gateway of the runtime file (no token needed).
  app.get(IDENTIFY_PATH, (req, res) => {
    const challenge = req.query['challenge'];
    if (typeof challenge !== 'string' || challenge.length < 16 || challenge.length > 256) {
      res.status(400).json({ error: 'send ?challenge=<16 to 256 random characters>' });
      return;
    }
    res.json({ pid: process.pid, proof: runtimeProof(input.nonce, challenge) });
  });
  return guard;
}

function contextOf(input: HttpInput, frontends: Frontends): EngineContext {
  const { base, parts } = input;
  return {
    version: base.version,
    startedAt: base.startedAt,
    paths: base.paths,
    logger: base.logger,
    clock: base.clock,
    bus: base.bus,
    config: input.config,
    supervisor: parts.supervisor,
    catalog: parts.catalog,
    trust: parts.trust,
    sessions: frontends.sessions,
    secrets: input.secrets,
    env: base.env,
    oauth: parts.oauth,
    identity: input.identity,
    semantic: parts.semantic,
  };
}

/** A bus whose listeners, while the control plane mounts, first get the events they missed. */
function replayingBus(input: HttpInput, missed: readonly EngineEvent[], mounting: () => boolean): EventBus {
  const { bus, logger } = input.base;
  return {
    emit: (e) => bus.emit(e),
    on(listener) {
      if (mounting()) {
        for (const e of missed) {
          try {
            listener(e);
          } catch (err) {
            logger.error('event listener failed', { type: e.type, err: String(err) });
          }
        }
      }
      return bus.on(listener);
    },
  };
}

/**
 * The control plane (REST API, /metrics, /ui): loaded and mounted behind the frontends, as the
 * last routes, by the first request that reaches them, i.e. anything but MCP traffic. A gateway
 * that only serves MCP clients never loads it.
 */
function lazyControlPlane(input: HttpInput, app: Express, ctx: EngineContext) {
  let control: Promise<ControlPlane> | undefined;
  let mounted = false;
  const load = (): Promise<ControlPlane> =>
    (control ??= import('./api/index.js').then(({ mountControlPlane }) => {
      let mounting = true;
      const bus = replayingBus(input, input.early.take(), () => mounting);
      try {
        const plane = mountControlPlane(
          app,
          { ...ctx, bus },
          { mcpUrl: () => `${input.listening.url}/mcp`, startedSettings: input.startedSettings },
        );
        mounted = true;
        return plane;
      } catch (err) {
        input.base.logger.error('could not start the control plane', { err: String(err) });
        throw err;
      } finally {
        mounting = false;
      }
    }));
  app.use((_req, _res, next) => {
    if (mounted) {
      next();
      return;
    }
    load().then(() => next(), next);
  });
  input.early.loader = load;
  return { load, loaded: () => control };
}

/**
 * Loads express and the frontends, mounts them, and starts serving. Closing stops accepting
 * connections, closes the frontends and the control plane, then ends every connection.
 */
export async function mountHttp(input: HttpInput, stack: DisposalStack): Promise<EngineContext> {
  const { listening } = input;
  const httpStack = await import('./http-stack.js');
  const app = httpStack.express();
  const guard = setUpApp(app, input);
  const { base, parts } = input;
  const frontends = httpStack.mountFrontends(app, {
    catalog: parts.catalog,
    supervisor: parts.supervisor,
    config: input.config,
    bus: base.bus,
    logger: base.logger,
    clock: base.clock,
    allows: guard.allows,
    dataDir: base.paths.dataDir,
    identity: input.identity,
    semantic: parts.semantic,
    recorder: input.earlyAnswers.recorder,
  });
  const ctx = contextOf(input, frontends);
  const control = lazyControlPlane(input, app, ctx);
  stack.defer('frontends and control plane', async () => {
    const closed = listening.close();
    const results = await Promise.allSettled([frontends.close(), control.loaded()?.then((c) => c.close())]);
    listening.server.closeAllConnections();
    await closed;
    const failed = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
    if (failed.length > 0) {
      throw new AggregateError(failed, 'the frontends or the control plane did not close cleanly');
    }
  });
  // MCP calls on open sessions skip express's routing (the hot path, which applies the guard's
  // check itself); everything else, and any request the guard would refuse, goes through the app.
  await frontends.adopt(input.earlyAnswers.takeSessions());
  listening.serve((req, res) => {
    if (!frontends.route(req, res)) {
      app(req, res);
    }
  });
  return ctx;
}
