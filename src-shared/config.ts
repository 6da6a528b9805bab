import { z } from 'zod';

import { referencesOf } from './references.js';

/**
 * The gateway's config file. Its `mcpServers` block has the shape users already have in Claude
 * Desktop and Cursor configs, so a pasted block works as is; gateway-only fields sit beside it.
 * Unknown keys are kept (loose objects) so that a round trip through the API never loses them.
 */

export const DEFAULT_PORT = 7411;

/**
 * The longest delay a timer can take: Node fires anything above 2^31−1 ms (about 24.8 days) at
 * once, so a larger value would turn "wait long" into "do it now".
 */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** A duration in ms, checked against what a timer can wait; `min` 0 allows 0 ("never"). */
function durationMs(min: 0 | 1 = 1) {
  return z
    .number()
    .int()
    .min(min)
    .max(MAX_TIMER_MS, `at most ${MAX_TIMER_MS} ms (about 24 days): timers cannot wait longer`);
}

/** Ten minutes without a request, then a local server sleeps (see `gateway.sleepAfterMs`). */
export const DEFAULT_SLEEP_AFTER_MS = 10 * 60_000;
export const DEFAULT_HOST = '127.0.0.1';

/** Server names become tool-name prefixes and URL segments. */
export const SERVER_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,47}$/;

const serverName = z
  .string()
  .regex(
    SERVER_NAME_PATTERN,
    'server names use letters, digits, "-", "_" and "." (start with a letter or digit, at most 48 characters)',
  );

const stringMap = z.record(z.string(), z.string());

/** Per-server tool controls (filters, budgets, pins). */
export const ToolControlsSchema = z.looseObject({
  /** Glob patterns of tool names to keep; when set, everything else is hidden. */
  allow: z.array(z.string()).optional(),
  /** Glob patterns of tool names to hide. */
  deny: z.array(z.string()).optional(),
  /** Exact tool names switched off by the user. */
  disabled: z.array(z.string()).optional(),
  /** Budget: at most this many tools from this server. */
  maxTools: z.number().int().positive().optional(),
  /** Budget: at most this many context tokens from this server's tool definitions. */
  maxTokens: z.number().int().positive().optional(),
  /** Tools always listed in meta mode next to the meta tools. */
  pinned: z.array(z.string()).optional(),
});
export type ToolControls = z.infer<typeof ToolControlsSchema>;

/**
 * What a server's tools are held back for until the user reviews them: `changes` (default) holds
 * back a tool whose definition changed since it was approved, a tool that was not there when the
 * server was added, and one the scanner flags as high severity; `everything-new` also holds back
 * the server's first listing (nothing is approved by adding it); `nothing` trusts the server.
 */
export const TRUST_MODES = ['changes', 'nothing', 'everything-new'] as const;

/** Transport type aliases found in the wild, mapped to ours. */
const TRANSPORT_ALIASES: Readonly<Record<string, 'stdio' | 'http' | 'sse'>> = {
  stdio: 'stdio',
  http: 'http',
  'streamable-http': 'http',
  streamableHttp: 'http',
  streamable_http: 'http',
  sse: 'sse',
};

/** How the gateway gets a remote server's tokens (see OAuthSettingsSchema.grant). */
const OAUTH_GRANTS = ['authorization_code', 'client_credentials', 'jwt_bearer'] as const;

/** JWS algorithms for `private_key_jwt` client authentication (RFC 7523; no `none`, no HMAC). */
const CLIENT_ASSERTION_ALGORITHMS = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
] as const;

const SECRET_REFERENCE = /^\$\{secret:[^}]+\}$/;

const OAUTH_URL = /^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/;

/**
 * Enterprise-managed authorization (the MCP extension, "cross-app access"): the company's
 * identity provider vouches for the user. The gateway exchanges the user's ID token from the IdP
 * (RFC 8693 token exchange) for an ID-JAG, an identity assertion grant for one authorization
 * server and one MCP server, and presents that to the server's authorization server (the JWT
 * bearer grant, RFC 7523). The ID token comes from the user's SSO tooling, from a file or a
 * command, read afresh each time; it is never written here.
 */
const EnterpriseSettingsSchema = z.looseObject({
  /** The IdP's issuer URL: its token endpoint is discovered (RFC 8414 / OpenID discovery). */
  idpIssuer: z
    .string()
    .regex(
      OAUTH_URL,
      "idpIssuer must be the identity provider's issuer URL, such as https://login.example.com",
    )
    .optional(),
  /** Or the IdP's token endpoint itself. */
  idpTokenEndpoint: z
    .string()
    .regex(OAUTH_URL, "idpTokenEndpoint must be the identity provider's token endpoint URL")
    .optional(),
  /** The gateway's client id at the IdP (the app the ID token was issued to). */
  clientId: z.string().min(1, 'enterprise.clientId must not be empty'),
  /** Its secret at the IdP, if it has one: only `${secret:NAME}`. */
  clientSecret: z
    .string()
    .regex(
      SECRET_REFERENCE,
      'enterprise.clientSecret must be a keychain reference such as ${secret:idp-client}: store it with `mcp-gateway secrets set idp-client`',
    )
    .optional(),
  /** A file the SSO tooling keeps the user's ID token in (a path: `${VAR}` expands, secrets do not). */
  idTokenFile: z
    .string()
    .min(1)
    .refine(
      (v) => !v.includes('${secret:'),
      'enterprise.idTokenFile is a path and takes no ${secret:NAME}; name the file your SSO tool writes the ID token to',
    )
    .optional(),
  /** Or a command (program and arguments, run without a shell) that prints the ID token. */
  idTokenCommand: z
    .array(z.string().min(1))
    .min(1, 'enterprise.idTokenCommand names at least the program')
    .optional(),
});
export type EnterpriseSettings = z.infer<typeof EnterpriseSettingsSchema>;

/**
 * Sign-in settings of a remote server that uses OAuth. Without them the gateway registers
 * itself (Client ID Metadata Document where the server supports it and `clientMetadataUrl` is
 * set, else dynamic registration). `false` turns sign-in off for this server.
 */
const OAuthSettingsSchema = z.looseObject({
  /**
   * `authorization_code` (the default): a person signs in in the browser. `client_credentials`:
   * a machine account (RFC 6749 §4.4) with `clientId` and either `clientSecret`
   * (client_secret_basic) or `privateKey` (private_key_jwt, RFC 7523); no browser, the gateway
   * gets a new token by itself whenever the last one expires.
   */
  grant: z.enum(OAUTH_GRANTS).optional(),
  /**
   * `jwt_bearer` (workload identity, RFC 7523 §2.1): the JWT the platform issued to this
   * workload, as `${secret:NAME}`; or `assertionFile`, a file the platform keeps fresh (read
   * again for every token request).
   */
  assertion: z
    .string()
    .regex(
      SECRET_REFERENCE,
      'assertion must be a keychain reference such as ${secret:workload-jwt}, or use assertionFile',
    )
    .optional(),
  /** A path: `${VAR}` expands, a keychain secret does not (a path ends up in errors and logs). */
  assertionFile: z
    .string()
    .min(1)
    .refine(
      (v) => !v.includes('${secret:'),
      'assertionFile is a path and takes no ${secret:NAME}; keep the JWT itself in the keychain with assertion: ${secret:NAME} instead',
    )
    .optional(),
  /**
   * A machine account's authorization server, by its issuer URL: its credentials go to no other
   * one, whatever the server's metadata names. Unset, the first one it got a token from is kept.
   */
  issuer: z
    .string()
    .regex(
      OAUTH_URL,
      "issuer must be the authorization server's issuer URL, such as https://login.example.com",
    )
    .optional(),
  /**
   * Enterprise-managed authorization (see EnterpriseSettingsSchema): no browser; `clientId` and
   * `clientSecret` or `privateKey` are then the gateway's client at the server's authorization server.
   */
  enterprise: EnterpriseSettingsSchema.optional(),
  /** A client registered by hand with the authorization server. */
  clientId: z.string().min(1).optional(),
  /** Its secret, if it has one: use `${secret:NAME}` so it stays in the keychain. */
  clientSecret: z.string().min(1).optional(),
  /**
   * The machine account's private key (PEM, PKCS#8) for private_key_jwt: only as a keychain
   * reference, `${secret:NAME}` (`mcp-gateway secrets set NAME < key.pem`).
   */
  privateKey: z
    .string()
    .regex(
      SECRET_REFERENCE,
      'privateKey must be a keychain reference such as ${secret:my-key}: store the PEM with `mcp-gateway secrets set my-key < key.pem`',
    )
    .optional(),
  /** The JWS algorithm of the client assertion; by default the one that fits the key (RSA: RS256, P-256: ES256, …). */
  signingAlgorithm: z.enum(CLIENT_ASSERTION_ALGORITHMS).optional(),
  /** Scopes to ask for instead of those from the server's challenge or metadata. */
  scopes: z
    .array(z.string().regex(/^[\x21\x23-\x5B\x5D-\x7E]+$/, 'a scope has no spaces or quotes'))
    .optional(),
  /** An https URL (with a path) of a Client ID Metadata Document that names this gateway. */
  clientMetadataUrl: z
    .string()
    .regex(/^https:\/\/[^/]+\/.+/, 'clientMetadataUrl must be an https URL with a path')
    .optional(),
  /**
   * DPoP-bound tokens (RFC 9449): `auto` (the default) binds the tokens to a key the gateway
   * keeps in the keychain wherever the authorization server offers it
   * (`dpop_signing_alg_values_supported`); `off` asks for bearer tokens only.
   */
  dpop: z
    .enum(['auto', 'off'], { error: 'dpop is "auto" (the default: where the server offers it) or "off"' })
    .optional(),
});
export type OAuthSettings = z.infer<typeof OAuthSettingsSchema>;

/**
 * Where an imported server came from. A server from a project's file (a cloned repository's
 * `.mcp.json`, `.vscode/mcp.json`, Claude Code's per-project entries) runs only after the user
 * approved it once, and an imported entry's `${VAR}` / `${secret:NAME}` references expand only
 * once the user approved exactly those names: nothing from the file reaches the environment or
 * the keychain on its own.
 */
const ServerOriginSchema = z.looseObject({
  /** The client whose file it was imported from (`claude-code`, `cursor`, `vscode`, ...). */
  client: z.string().min(1),
  /** `user`: the client's own settings; `local` and `project`: a project's. */
  scope: z.enum(['user', 'local', 'project']),
  /** The file it was read from. */
  file: z.string().optional(),
  /** The project folder, for `local` and `project`. */
  project: z.string().optional(),
  /** The user approved it: it may run and expand the references in `variables`. */
  approved: z.boolean().optional(),
  /** References the user approved, as written: `GITHUB_TOKEN`, `secret:github`. */
  variables: z.array(z.string()).optional(),
});
export type ServerOrigin = z.infer<typeof ServerOriginSchema>;

/** Enterprise-managed authorization's settings that make sense together. */
function enterpriseIssues(o: OAuthSettings, e: EnterpriseSettings, ctx: z.RefinementCtx): void {
  const issue = (path: string[], message: string) =>
    ctx.addIssue({ code: 'custom', path: ['oauth', ...path], message });
  if (o.grant !== undefined) {
    issue(['grant'], 'oauth.enterprise signs in without a browser by itself: remove "grant"');
  }
  if (o.clientId === undefined) {
    issue(
      ['clientId'],
      "oauth.enterprise needs clientId: the gateway's client id at the MCP server's authorization server (the one the identity provider puts in the ID-JAG)",
    );
  }
  if (o.clientSecret !== undefined && o.privateKey !== undefined) {
    issue(
      ['privateKey'],
      'give at most one of clientSecret (client_secret_basic) or privateKey (private_key_jwt)',
    );
  }
  if (o.clientSecret !== undefined && !SECRET_REFERENCE.test(o.clientSecret)) {
    issue(
      ['clientSecret'],
      'with oauth.enterprise, clientSecret must be a keychain reference such as ${secret:mcp-client}: store it with `mcp-gateway secrets set mcp-client`',
    );
  }
  if (o.signingAlgorithm !== undefined && o.privateKey === undefined) {
    issue(['signingAlgorithm'], 'signingAlgorithm goes with privateKey');
  }
  for (const field of ['assertion', 'assertionFile', 'clientMetadataUrl'] as const) {
    if (o[field] !== undefined) {
      issue(
        [field],
        `${field} does not go with oauth.enterprise (the identity provider's ID-JAG is the grant)`,
      );
    }
  }
  if ((e.idpIssuer === undefined) === (e.idpTokenEndpoint === undefined)) {
    issue(
      ['enterprise', e.idpIssuer === undefined ? 'idpIssuer' : 'idpTokenEndpoint'],
      "oauth.enterprise needs exactly one of idpIssuer (the identity provider's issuer URL) or idpTokenEndpoint",
    );
  }
  if ((e.idTokenFile === undefined) === (e.idTokenCommand === undefined)) {
    issue(
      ['enterprise', e.idTokenFile === undefined ? 'idTokenFile' : 'idTokenCommand'],
      'oauth.enterprise needs exactly one of idTokenFile (the file your SSO tool keeps the ID token in) or idTokenCommand (a command that prints it)',
    );
  }
}

/** The combinations of OAuth settings that make sense, each refusal with what to write instead. */
function oauthIssues(o: OAuthSettings, ctx: z.RefinementCtx): void {
  const issue = (field: string, message: string) =>
    ctx.addIssue({ code: 'custom', path: ['oauth', field], message });
  if (o.enterprise !== undefined) {
    enterpriseIssues(o, o.enterprise, ctx);
    return;
  }
  if (o.grant !== 'jwt_bearer') {
    for (const field of ['assertion', 'assertionFile'] as const) {
      if (o[field] !== undefined) {
        issue(field, `${field} is for workload identity: add "grant": "jwt_bearer"`);
      }
    }
  }
  if (o.grant === 'jwt_bearer') {
    if (o.clientId === undefined) {
      issue(
        'clientId',
        'the jwt_bearer grant needs the clientId the authorization server knows the workload by',
      );
    }
    if ((o.assertion === undefined) === (o.assertionFile === undefined)) {
      issue(
        o.assertion === undefined ? 'assertion' : 'assertionFile',
        'the jwt_bearer grant needs exactly one of assertion (${secret:NAME}) or assertionFile (a path)',
      );
    }
    for (const field of ['clientSecret', 'privateKey', 'signingAlgorithm', 'clientMetadataUrl'] as const) {
      if (o[field] !== undefined) {
        issue(field, `${field} does not go with "grant": "jwt_bearer" (the assertion is the credential)`);
      }
    }
    return;
  }
  if (o.grant !== 'client_credentials') {
    if (o.privateKey !== undefined) {
      issue('privateKey', 'privateKey is for a machine account: add "grant": "client_credentials"');
    }
    if (o.signingAlgorithm !== undefined) {
      issue('signingAlgorithm', 'signingAlgorithm goes with privateKey and "grant": "client_credentials"');
    }
    if (o.issuer !== undefined) {
      issue(
        'issuer',
        'issuer pins a machine account\'s authorization server: add "grant": "client_credentials" or "jwt_bearer", or "enterprise"',
      );
    }
    return;
  }
  if (o.clientId === undefined) {
    issue('clientId', "the client_credentials grant needs the machine account's clientId");
  }
  if ((o.clientSecret === undefined) === (o.privateKey === undefined)) {
    issue(
      o.clientSecret === undefined ? 'clientSecret' : 'privateKey',
      'the client_credentials grant needs exactly one of clientSecret (client_secret_basic) or privateKey (private_key_jwt), each as ${secret:NAME}',
    );
  }
  if (o.clientSecret !== undefined && !SECRET_REFERENCE.test(o.clientSecret)) {
    issue(
      'clientSecret',
      "a machine account's clientSecret must be a keychain reference such as ${secret:my-client}: store it with `mcp-gateway secrets set my-client`",
    );
  }
  if (o.signingAlgorithm !== undefined && o.privateKey === undefined) {
    issue('signingAlgorithm', 'signingAlgorithm goes with privateKey');
  }
  if (o.clientMetadataUrl !== undefined) {
    issue(
      'clientMetadataUrl',
      'clientMetadataUrl is for the browser sign-in; a machine account uses clientId',
    );
  }
}

export const ServerConfigSchema = z
  .looseObject({
    // stdio
    command: z.string().min(1, 'command must not be empty').optional(),
    args: z.array(z.string()).optional(),
    env: stringMap.optional(),
    cwd: z.string().optional(),
    // remote
    url: z.string().optional(),
    type: z.string().optional(),
    headers: stringMap.optional(),
    /** OAuth sign-in for a remote server (see OAuthSettingsSchema); `false` turns it off. */
    oauth: z.union([z.literal(false), OAuthSettingsSchema]).optional(),
    // gateway fields
    disabled: z.boolean().optional(),
    description: z.string().optional(),
    tools: ToolControlsSchema.optional(),
    /** Per-call timeout in ms for this server (default: no fixed cap, reset on progress). */
    timeout: durationMs().optional(),
    /**
     * `per-session` gives every client session its own backend connection, so sampling,
     * elicitation and roots always reach the right client. `shared` (default) uses one.
     */
    isolation: z.enum(['shared', 'per-session']).optional(),
    /**
     * Stop this server after this long without a request; it then sleeps (its lists are served
     * from a cache) until the next request that needs it. 0 = never. Default: `gateway.sleepAfterMs`.
     */
    sleepAfterMs: durationMs(0).optional(),
    /** Never put this server to sleep, and start it when the gateway starts. */
    keepAwake: z.boolean().optional(),
    /** Start this server when the gateway starts even when its lists are cached. */
    startAtLaunch: z.boolean().optional(),
    /** Which of this server's tools wait for the user's review (see TRUST_MODES). */
    trust: z.enum(TRUST_MODES).optional(),
    /**
     * Environment keys (`NODE_OPTIONS`, `NODE_EXTRA_CA_CERTS`, …) and interpreter options
     * (`--require`, `--import`, …) the gateway refuses by default, allowed for this server only.
     */
    allow: z
      .array(
        z
          .string()
          .regex(
            /^([A-Za-z_][A-Za-z0-9_]*|--?[A-Za-z][\w-]*)$/,
            'each entry is an environment key (NODE_OPTIONS) or an interpreter option (--require)',
          ),
      )
      .max(64)
      .optional(),
    /** Set by import: where the entry came from and what the user approved (see ServerOriginSchema). */
    origin: ServerOriginSchema.optional(),
  })
  .superRefine((s, ctx) => {
    if (s.command === undefined && s.url === undefined) {
      ctx.addIssue({
        code: 'custom',
        message: 'a server needs either "command" (a local stdio server) or "url" (a remote server)',
      });
    }
    if (s.command !== undefined && s.url !== undefined) {
      ctx.addIssue({ code: 'custom', message: 'a server has either "command" or "url", not both' });
    }
    if (s.oauth !== undefined && s.command !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['oauth'],
        message: 'oauth applies to remote servers ("url") only; a local server gets its credentials from env',
      });
    }
    if (s.oauth !== undefined && s.oauth !== false) {
      oauthIssues(s.oauth, ctx);
    }
    if (s.type !== undefined && !(s.type in TRANSPORT_ALIASES)) {
      ctx.addIssue({
        code: 'custom',
        path: ['type'],
        message: `unknown type "${s.type}": use "stdio", "http" or "sse"`,
      });
    }
    if (s.url !== undefined && !/^https?:\/\//i.test(s.url)) {
      ctx.addIssue({ code: 'custom', path: ['url'], message: 'url must start with http:// or https://' });
    }
  });
export type ServerConfig = z.infer<typeof ServerConfigSchema>;

const LimitsSchema = z.looseObject({
  maxBodyBytes: z.number().int().positive().default(1_000_000),
  maxSessions: z.number().int().positive().default(256),
  sessionIdleMs: durationMs().default(30 * 60_000),
  /** A 2025-era session that has not sent notifications/initialized by then is closed. */
  sessionInitTimeoutMs: durationMs().default(10_000),
  /** Messages in one JSON-RPC batch. */
  maxBatchSize: z.number().int().positive().default(100),
  /** Requests one client session may have waiting for an answer at once. */
  maxInFlightPerSession: z.number().int().positive().default(64),
  /** Time for a request body to arrive once its headers have. */
  bodyTimeoutMs: durationMs().default(10_000),
  /** Bytes that may wait for a client that reads a stream slowly; beyond that it is dropped. */
  maxStreamBufferBytes: z
    .number()
    .int()
    .positive()
    .default(4 * 1024 * 1024),
  maxConcurrentRequests: z.number().int().positive().default(128),
  maxSseStreams: z.number().int().positive().default(32),
  requestTimeoutMs: durationMs().default(30_000),
  /** Cap on one tool call even while progress keeps arriving. */
  maxCallMs: durationMs().default(60 * 60_000),
});

export const SupervisorSettingsSchema = z.looseObject({
  pingIntervalMs: durationMs().default(30_000),
  pingTimeoutMs: durationMs().default(10_000),
  /** Consecutive failed pings before degraded; the same again before a restart. */
  pingFailures: z.number().int().positive().default(2),
  startTimeoutMs: durationMs().default(60_000),
  backoffInitialMs: durationMs().default(1_000),
  backoffFactor: z.number().min(1).default(2),
  backoffMaxMs: durationMs().default(60_000),
  backoffJitter: z.number().min(0).max(1).default(0.2),
  /** A run at least this long counts as stable and resets the backoff. */
  stableUptimeMs: durationMs().default(30_000),
  circuitMaxFailures: z.number().int().positive().default(5),
  circuitWindowMs: durationMs().default(5 * 60_000),
  /** After this long in `error`, one probe start is tried. */
  circuitCooldownMs: durationMs().default(10 * 60_000),
  /** stdin close → SIGTERM → SIGKILL, each step waits this long. */
  stopGraceMs: durationMs().default(2_000),
  logLines: z.number().int().positive().default(1_000),
});

/** Where `${secret:NAME}` values are kept. */
const SecretsSettingsSchema = z.looseObject({
  /**
   * Consent to keep secrets in an owner-only (0600) plaintext file in the data folder when no
   * OS keychain is reachable. Off unless the user sets it.
   */
  allowFileFallback: z.boolean().optional(),
});

/** `${secret:NAME}`: the only form an embeddings API key may take in the config. */
export const SECRET_REFERENCE_PATTERN = /^\$\{secret:([A-Za-z0-9_.-]{1,128})\}$/;

/**
 * Optional semantic ranking through an OpenAI-compatible `/v1/embeddings` endpoint the user
 * already runs (Ollama, LM Studio, llama.cpp, vLLM, a hosted API). Absent = off: nothing is
 * sent anywhere. Tool names, descriptions and search queries go to this URL and nowhere else.
 */
export const EmbeddingsSettingsSchema = z.looseObject({
  /** Turn it off without forgetting the endpoint. */
  enabled: z.boolean().default(true),
  /** Base URL (`http://127.0.0.1:11434/v1`) or the full `…/embeddings` URL. */
  url: z
    .string()
    .min(1, 'url is required: the base URL of an OpenAI-compatible API, e.g. http://127.0.0.1:11434/v1')
    .max(2_000)
    .regex(
      /^https?:\/\/[^\s/?#]+([/?#]\S*)?$/i,
      'url must be an http:// or https:// URL, e.g. http://127.0.0.1:11434/v1',
    )
    .refine(
      (u) => !/^https?:\/\/[^/?#]*@/i.test(u),
      'url must not carry credentials: put the key in apiKey as ${secret:NAME}',
    ),
  /** The embedding model's name as the endpoint knows it (`nomic-embed-text`). */
  model: z.string().min(1, 'model is required: the embedding model the endpoint serves').max(200),
  /** Sent as `Authorization: Bearer`; only as `${secret:NAME}` so the key stays in the keychain. */
  apiKey: z
    .string()
    .regex(
      SECRET_REFERENCE_PATTERN,
      'apiKey must be a keychain reference like ${secret:EMBEDDINGS_KEY} (store it with `mcp-gateway secrets set EMBEDDINGS_KEY`)',
    )
    .optional(),
  /** How long a search waits for its query's embedding before it ranks lexically. */
  queryTimeoutMs: durationMs().max(10_000, 'at most 10000 ms: searches wait this long').default(1_500),
  /** How long one batch of tool texts may take. */
  batchTimeoutMs: durationMs().max(300_000, 'at most 300000 ms').default(30_000),
});
export type EmbeddingsSettings = z.infer<typeof EmbeddingsSettingsSchema>;

/** Meta-mode tool search. */
const SearchSettingsSchema = z.looseObject({
  /**
   * Remember, on this machine only, which tool a search led to (a call of one of its results in
   * the same session) and rank it higher for similar requests.
   */
  learn: z.boolean().default(true),
  /**
   * Rank by nearness in meaning too, through the word vectors the gateway ships (offline; a
   * request and a tool that share no word can still match).
   */
  wordVectors: z.boolean().default(true),
  /** Semantic ranking fused with the lexical one (off unless configured). */
  embeddings: EmbeddingsSettingsSchema.optional(),
});

/** Profile names are used in URLs, token records and metrics labels. */
export const PROFILE_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,47}$/;
/** The profile a client token gets unless another is named: every tool the gateway serves. */
export const DEFAULT_PROFILE = 'default';

/**
 * A profile: a named view of the catalog for the clients whose tokens belong to it. It narrows
 * what the per-tool switches, filters and budgets already let through; it never widens it.
 */
export const ProfileSchema = z.looseObject({
  description: z.string().optional(),
  /** Only these servers (by name); absent = every server. */
  servers: z.array(z.string()).optional(),
  /** Glob patterns of exposed tool names (`<server>__<tool>`) to keep; when set, all else is hidden. */
  allow: z.array(z.string()).optional(),
  /** Glob patterns of exposed tool names to hide. */
  deny: z.array(z.string()).optional(),
  /** `meta` serves the search-and-invoke tools on `/mcp` for this profile; default: the gateway's mode. */
  mode: z.enum(['all', 'meta']).optional(),
  /** Exposed tool names listed next to the meta tools in meta mode. */
  pinned: z.array(z.string()).optional(),
  /** Per-client limit: each token of this profile may send this many MCP requests a minute. */
  rateLimit: z
    .looseObject({
      requestsPerMinute: z
        .number('a number of requests a minute')
        .int('a whole number of requests a minute')
        .positive('at least 1 request a minute (leave the limit out for none)')
        .max(1_000_000, 'at most 1,000,000 requests a minute'),
    })
    .optional(),
});
export type ProfileConfig = z.infer<typeof ProfileSchema>;

export const GatewaySettingsSchema = z.looseObject({
  host: z.string().default(DEFAULT_HOST),
  port: z.number().int().min(0).max(65_535).default(DEFAULT_PORT),
  /** Binding anything but loopback needs this set to true (and the admin token is always required). */
  allowRemote: z.boolean().default(false),
  /** Extra browser origins allowed to call the gateway (exact `scheme://host:port`). */
  allowedOrigins: z.array(z.string()).default([]),
  toolSeparator: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,3}$/, 'toolSeparator uses 1–3 of A-Z a-z 0-9 _ -')
    .default('__'),
  /** `meta` serves the search-and-invoke tools instead of every tool. */
  mode: z.enum(['all', 'meta']).default('all'),
  /** Budget over all servers. */
  maxTools: z.number().int().positive().optional(),
  maxTokens: z.number().int().positive().optional(),
  /** Shorten descriptions and schemas without changing what tools accept. */
  compaction: z.boolean().default(false),
  limits: LimitsSchema.prefault({}),
  supervisor: SupervisorSettingsSchema.prefault({}),
  secrets: SecretsSettingsSchema.optional(),
  /**
   * Idle time after which a local (stdio) server is stopped and sleeps until it is needed again;
   * remote servers stay connected and are only no longer pinged. 0 = never.
   */
  sleepAfterMs: durationMs(0).default(DEFAULT_SLEEP_AFTER_MS),
  search: SearchSettingsSchema.prefault({}),
  /**
   * `required` (default): every MCP endpoint needs a client token (`Authorization: Bearer`).
   * `off`: any local process that can reach the port may use every tool, as before tokens.
   */
  clientAuth: z.enum(['required', 'off']).default('required'),
  /** Named views of the catalog; a client token belongs to one (`default` = everything). */
  profiles: z
    .record(
      z
        .string()
        .regex(
          PROFILE_NAME_PATTERN,
          'profile names use letters, digits, "-", "_" and "." (start with a letter or digit, at most 48 characters)',
        ),
      ProfileSchema,
    )
    .default({}),
});
export type GatewaySettings = z.infer<typeof GatewaySettingsSchema>;

export const GatewayConfigSchema = z.looseObject({
  $schema: z.string().optional(),
  gateway: GatewaySettingsSchema.prefault({}),
  mcpServers: z.record(serverName, ServerConfigSchema).default({}),
});
export type GatewayConfig = z.infer<typeof GatewayConfigSchema>;
/** The config as written in the file (defaults not yet applied). */
export type GatewayConfigInput = z.input<typeof GatewayConfigSchema>;

/** How long a stdio server may sit idle before it sleeps (`gateway.sleepAfterMs`). */
export function sleepAfterMsOf(server: ServerConfig, gateway: { sleepAfterMs?: number }): number {
  if (server.keepAwake === true) {
    return 0;
  }
  return server.sleepAfterMs ?? gateway.sleepAfterMs ?? DEFAULT_SLEEP_AFTER_MS;
}

/**
 * Whether a server with cached lists may be listed from the cache at launch instead of being
 * started: a local server that is allowed to sleep and not asked to start at launch.
 */
export function mayStartAsleep(server: ServerConfig, gateway: { sleepAfterMs?: number }): boolean {
  return (
    server.disabled !== true &&
    server.startAtLaunch !== true &&
    transportOf(server) === 'stdio' &&
    sleepAfterMsOf(server, gateway) > 0
  );
}

export type TransportKind = 'stdio' | 'http' | 'sse' | 'auto';

/** Which transport a server entry asks for: a URL without a type tries HTTP, then SSE. */
export function transportOf(s: ServerConfig): TransportKind {
  if (s.command !== undefined) {
    return 'stdio';
  }
  if (s.type === undefined) {
    return 'auto';
  }
  return TRANSPORT_ALIASES[s.type] ?? 'auto';
}

/** Loopback hosts that may be bound without `allowRemote`. */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127(?:\.\d{1,3}){3}$/.test(h);
}

/**
 * The environment variables and keychain secrets a server entry refers to in the fields it is
 * started with, as `NAME` and `secret:NAME` (`${env:NAME}` and `${NAME:-default}` count as `NAME`).
 */
export function serverReferences(server: ServerConfig): string[] {
  const names = new Set<string>();
  for (const ref of referencesOf(server)) {
    names.add(ref.kind === 'secret' ? `secret:${ref.name}` : ref.name);
  }
  return [...names];
}

/** What an imported server waits for before it may run. */
export interface PendingApproval {
  /** It came from a project's file (scope `local` or `project`) and was never approved. */
  project: boolean;
  /** Every reference it makes, and those not approved yet. */
  variables: string[];
  unapproved: string[];
  /** One sentence for state reasons, errors and the CLI. */
  reason: string;
}

/**
 * Whether an imported server must wait for the user's approval, and why. Servers the user wrote
 * into the gateway's own config (no `origin`) never wait.
 */
export function pendingApproval(name: string, server: ServerConfig): PendingApproval | undefined {
  const origin = server.origin;
  if (origin === undefined) {
    return undefined;
  }
  const variables = serverReferences(server);
  const approved = origin.approved === true ? (origin.variables ?? []) : [];
  const unapproved = variables.filter((v) => !approved.includes(v));
  const project = origin.scope !== 'user' && origin.approved !== true;
  if (!project && unapproved.length === 0) {
    return undefined;
  }
  const from =
    origin.project !== undefined
      ? `the project ${origin.project}`
      : (origin.file ?? `${origin.client}'s settings`);
  const parts: string[] = [];
  if (project) {
    parts.push(
      `it was imported from ${from} (${origin.client}), which the gateway does not trust on its own`,
    );
  }
  if (unapproved.length > 0) {
    parts.push(`it wants ${unapproved.map((v) => '${' + v + '}').join(', ')} expanded`);
  }
  return {
    project,
    variables,
    unapproved,
    reason:
      `waiting for your approval: ${parts.join(', and ')} — check what it runs, then approve it ` +
      `(\`mcp-gateway servers approve ${name}\`, or Approve on its page)`,
  };
}
