import path from 'node:path';

import type { GatewayConfig } from '../../../src-shared/config.js';
import type { Catalog } from '../catalog/index.js';
import {
  createMetaToolset,
  createSearchMemory,
  type MetaDeps,
  onSharedWordVectorsError,
  type SemanticRanker,
  sharedWordVectors,
} from '../context/index.js';
import type { ProfileView } from '../identity/index.js';
import type { ConfigStore, Logger, SupervisorApi } from '../types.js';
import type { MetaTools } from './handlers.js';

export interface MetaToolsDeps {
  catalog: Catalog;
  config: ConfigStore;
  logger: Logger;
  supervisor?: SupervisorApi;
  /** A toolset to serve instead of the one built over the catalog (tests). */
  meta?: MetaTools;
  /** App data folder: where the search keeps what it learned from use (`search-memory.json`). */
  dataDir?: string;
  semantic?: SemanticRanker;
}

/** The meta tools (search/describe/invoke) each client sees: the gateway's, or its profile's. */
export interface FrontendMeta {
  /** Meta tools see, search and call only what the client's profile allows. */
  metaFor(profile: ProfileView): MetaTools;
  /** Stop following the config and save what the search learned. */
  close(): Promise<void>;
}

function pinnedOf(config: GatewayConfig): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const [name, s] of Object.entries(config.mcpServers)) {
    if (s.tools?.pinned !== undefined && s.tools.pinned.length > 0) {
      out.set(name, new Set(s.tools.pinned));
    }
  }
  return out;
}

export function createFrontendMeta(deps: MetaToolsDeps): FrontendMeta {
  const { catalog, logger } = deps;
  let pinned = pinnedOf(deps.config.current());
  const configSub = deps.config.onChange((config) => {
    pinned = pinnedOf(config);
  });
  const memory = createSearchMemory({
    ...(deps.dataDir !== undefined ? { file: path.join(deps.dataDir, 'search-memory.json') } : {}),
    onError: (err) => logger.warn('could not save what the search learned', { error: String(err) }),
  });
  // One copy of the word vectors for every search of the process, loaded on the first search.
  onSharedWordVectorsError((err) =>
    logger.warn('tool search ranks without word vectors', { error: err.message }),
  );
  const wordVectors = {
    enabled: () => deps.config.current().gateway.search.wordVectors,
    vectors: sharedWordVectors(),
  };
  const globalPins = () =>
    catalog
      .tools()
      .filter((t) => t.visible && pinned.get(t.server)?.has(t.name) === true)
      .map((t) => t.id);
  const meta: MetaTools =
    deps.meta ??
    createMetaToolset({
      learning: { enabled: () => deps.config.current().gateway.search.learn, memory },
      wordVectors,
      ...(deps.semantic !== undefined ? { semantic: deps.semantic } : {}),
      listTools: () => catalog.tools(),
      callTool: (target, args, ctx) => catalog.callTool(target, args, ctx),
      servers: () => gatewayServers(deps),
      pinned: () => globalPins(),
      wake: (server, ctx) => catalog.ensureAwake(server, ctx),
    });
  const profileMeta = new WeakMap<ProfileView, MetaTools>();
  return {
    metaFor(profile) {
      if (profile.all) {
        return meta;
      }
      let m = profileMeta.get(profile);
      if (m === undefined) {
        m = profileToolset(deps, profile, globalPins, wordVectors);
        profileMeta.set(profile, m);
      }
      return m;
    },
    async close() {
      await memory.flush();
      configSub.dispose();
    },
  };
}

/** The servers the gateway's meta search knows, with what they say about themselves. */
function gatewayServers({ catalog, config, supervisor }: MetaToolsDeps) {
  const current = config.current();
  return Object.keys(current.mcpServers).map((name) => ({
    name,
    description: current.mcpServers[name]?.description,
    // What the server says about itself helps the search ("chat" finds Slack's tools).
    title: supervisor?.get(name)?.serverInfo?.title ?? supervisor?.get(name)?.serverInfo?.name,
    instructions: supervisor?.connection(name)?.instructions,
    state: supervisor?.get(name)?.state ?? (catalog.servers().includes(name) ? 'running' : 'stopped'),
    toolCount: catalog.listTools({ server: name }).length,
  }));
}

function profileToolset(
  deps: MetaToolsDeps,
  profile: ProfileView,
  globalPins: () => string[],
  wordVectors: MetaDeps['wordVectors'],
): MetaTools {
  const { catalog, supervisor } = deps;
  return createMetaToolset({
    ...(wordVectors !== undefined ? { wordVectors } : {}),
    ...(deps.semantic !== undefined ? { semantic: deps.semantic } : {}),
    listTools: () => catalog.tools().filter((t) => profile.allowsTool(t.server, t.id)),
    callTool: (target, args, ctx) => catalog.callTool(target, args, ctx),
    servers: () => {
      const config = deps.config.current();
      return Object.keys(config.mcpServers)
        .filter((name) => profile.allowsServer(name))
        .map((name) => ({
          name,
          description: config.mcpServers[name]?.description,
          state: supervisor?.get(name)?.state ?? (catalog.servers().includes(name) ? 'running' : 'stopped'),
          toolCount: catalog.listTools({ server: name, profile }).length,
        }));
    },
    pinned: () => [...(profile.pinned ?? globalPins())],
    wake: (server, ctx) => catalog.ensureAwake(server, ctx),
  });
}
