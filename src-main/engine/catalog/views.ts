import {
  type Prompt,
  type Resource,
  type ResourceTemplateType as ResourceTemplate,
  type Tool,
  UriTemplate,
} from '@modelcontextprotocol/client';

import type { HiddenReason } from '../../../src-shared/hidden-reasons.js';
import { buildNameMapping, type NameMapping } from '../../../src-shared/names.js';
import type { CatalogTool, Logger } from '../types.js';
import type { SelectTools, ServerTools } from './select.js';
import type { CatalogSettings } from './settings.js';

/** What one server listed (live, or from the list cache while it sleeps). */
export interface ServerLists {
  tools: Tool[];
  resources: Resource[];
  resourceTemplates: ResourceTemplate[];
  prompts: Prompt[];
}

/** What clients see of the tools, derived from every server's lists. */
export interface ToolViews {
  readonly all: CatalogTool[];
  readonly byId: ReadonlyMap<string, CatalogTool>;
  readonly byServer: ReadonlyMap<string, ReadonlyMap<string, CatalogTool>>;
  /** Tools by their server's own name, for MCP Apps that call a tool as their server names it. */
  readonly byOwnName: ReadonlyMap<string, readonly CatalogTool[]>;
  readonly visibleAll: Tool[];
  readonly visibleByServer: ReadonlyMap<string, Tool[]>;
}

/** Resources, templates and prompts, merged with their owners. */
export interface OtherViews {
  readonly promptNames: NameMapping;
  readonly promptsAll: Prompt[];
  readonly resourcesAll: Resource[];
  readonly resourceOwner: ReadonlyMap<string, string>;
  readonly templatesAll: ResourceTemplate[];
  readonly templateOwners: readonly { server: string; template: UriTemplate; raw: string }[];
}

export type ViewSettings = Pick<CatalogSettings, 'separator' | 'servers' | 'order' | 'global'>;
export type Warn = (msg: string, fields?: Record<string, unknown>) => void;

/** Tools that only work as tasks: we do not advertise tasks, so clients could not call them. */
function needsTasks(tool: Tool): boolean {
  const execution = (tool as { execution?: { taskSupport?: unknown } }).execution;
  return execution?.taskSupport === 'required';
}

/**
 * MCP Apps (`io.modelcontextprotocol/ui`): a tool whose `_meta.ui.visibility` leaves out `"model"`
 * is for the server's app alone. It is not listed to the model, but the app may still call it.
 */
export function appOnly(tool: Tool): boolean {
  const visibility = (tool._meta?.['ui'] as { visibility?: unknown } | undefined)?.visibility;
  return Array.isArray(visibility) && !visibility.includes('model');
}

/** Why a selected tool is hidden although the policy lets it through, if it is. */
function ownHiddenReason(tool: Tool): HiddenReason | undefined {
  if (needsTasks(tool)) {
    return 'needs-tasks';
  }
  return appOnly(tool) ? 'app-only' : undefined;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) {
    map.set(key, [value]);
  } else {
    list.push(value);
  }
}

/**
 * The tool views of a set of lists: the selection policy decides what is visible, names are made
 * unique across servers. Pure apart from `select` and `warn`: every call returns new arrays.
 */
export function buildToolViews(
  lists: ReadonlyMap<string, ServerLists>,
  settings: ViewSettings,
  select: SelectTools,
  warn: Warn,
): ToolViews {
  const perServer: ServerTools[] = [];
  for (const server of settings.order) {
    const l = lists.get(server);
    if (l !== undefined) {
      perServer.push({ server, tools: l.tools, controls: settings.servers.get(server)?.tools });
    }
  }
  const selection = select(perServer, settings.global);
  for (const w of selection.warnings) {
    warn(w);
  }
  const mapping = buildNameMapping(selection.entries, settings.separator);
  const all: CatalogTool[] = [];
  const byId = new Map<string, CatalogTool>();
  const byServer = new Map<string, Map<string, CatalogTool>>();
  const byOwnName = new Map<string, CatalogTool[]>();
  const visibleAll: Tool[] = [];
  const visibleByServer = new Map<string, Tool[]>();
  for (const e of selection.entries) {
    const id = mapping.exposed(e.server, e.name) ?? e.name;
    const hiddenReason = e.visible ? ownHiddenReason(e.tool) : e.hiddenReason;
    const visible = e.visible && hiddenReason === undefined;
    const ct: CatalogTool = {
      id,
      server: e.server,
      name: e.name,
      definition: e.original ?? e.tool,
      // Read through: counted only when someone asks (the tokenizer loads on first use).
      get tokens() {
        return e.tokens;
      },
      visible,
      hiddenReason,
      ...(e.hiddenNote !== undefined ? { hiddenNote: e.hiddenNote } : {}),
    };
    all.push(ct);
    byId.set(id, ct);
    let own = byServer.get(e.server);
    if (own === undefined) {
      own = new Map();
      byServer.set(e.server, own);
    }
    own.set(e.name, ct);
    push(byOwnName, e.name, ct);
    if (visible) {
      visibleAll.push(id === e.tool.name ? e.tool : { ...e.tool, name: id });
    }
    // `/mcp/<server>` lists what the server lists, app-only tools included: the host in front
    // of it hides them from the model, as it would connected directly.
    if (visible || hiddenReason === 'app-only') {
      push(visibleByServer, e.server, e.tool);
    }
  }
  return { all, byId, byServer, byOwnName, visibleAll, visibleByServer };
}

/**
 * Resources, templates and prompts of a set of lists, merged in config order: the first server
 * offering a resource URI serves it, prompt names are made unique across servers.
 */
export function buildOtherViews(
  lists: ReadonlyMap<string, ServerLists>,
  settings: Pick<ViewSettings, 'separator' | 'order'>,
  warn: Warn,
): OtherViews {
  const promptItems: { server: string; name: string }[] = [];
  const resourcesAll: Resource[] = [];
  const resourceOwner = new Map<string, string>();
  const templatesAll: ResourceTemplate[] = [];
  const templateOwners: { server: string; template: UriTemplate; raw: string }[] = [];
  for (const server of settings.order) {
    const l = lists.get(server);
    if (l === undefined) {
      continue;
    }
    for (const p of l.prompts) {
      promptItems.push({ server, name: p.name });
    }
    for (const r of l.resources) {
      const owner = resourceOwner.get(r.uri);
      if (owner === undefined) {
        resourceOwner.set(r.uri, server);
        resourcesAll.push(r);
      } else if (owner !== server) {
        warn('resource URI offered by two servers; the first one serves it', {
          uri: r.uri,
          served: owner,
          ignored: server,
        });
      }
    }
    for (const t of l.resourceTemplates) {
      templatesAll.push(t);
      try {
        templateOwners.push({ server, template: new UriTemplate(t.uriTemplate), raw: t.uriTemplate });
      } catch (err) {
        warn('unusable resource template', { server, uriTemplate: t.uriTemplate, err: String(err) });
      }
    }
  }
  const promptNames = buildNameMapping(promptItems, settings.separator);
  const promptsAll: Prompt[] = [];
  for (const server of settings.order) {
    for (const p of lists.get(server)?.prompts ?? []) {
      const id = promptNames.exposed(server, p.name) ?? p.name;
      promptsAll.push(id === p.name ? p : { ...p, name: id });
    }
  }
  return { promptNames, promptsAll, resourcesAll, resourceOwner, templatesAll, templateOwners };
}

/** The views before any server listed anything. */
export function emptyViews(separator: string): { tools: ToolViews; others: OtherViews } {
  return {
    tools: {
      all: [],
      byId: new Map(),
      byServer: new Map(),
      byOwnName: new Map(),
      visibleAll: [],
      visibleByServer: new Map(),
    },
    others: buildOtherViews(new Map(), { separator, order: [] }, () => undefined),
  };
}

/**
 * The derived views over lists that change, each built once per change.
 *
 * A change marks them stale and they are rebuilt once, on the next read or at the end of the
 * current turn, whichever comes first: a burst of changes in one turn (50 cached servers going
 * to sleep at launch, a config reload) costs one selection, not one per server.
 *
 * Between two rebuilds every read returns the same arrays, and a rebuild always makes new
 * ones. So a consumer may cache what it derives from a list by the array's identity: the hot
 * path's serialised tools/list and a profile's filtered list are kept that way.
 */
export interface Views {
  tools(): ToolViews;
  others(): OtherViews;
  /**
   * Mark views stale. The rebuild runs at the end of this turn even when nothing reads them,
   * so its side effects (tool trust pins new listings and announces held-back tools) stay prompt.
   */
  invalidate(which: { tools?: boolean; others?: boolean }): void;
  /**
   * Rebuild the tool views now (and the others when asked or stale): a selection input changed.
   * Returns whether the tools clients see changed.
   */
  reselect(others: boolean): boolean;
  /** Stop the rebuild queued for the end of this turn. */
  close(): void;
}

export function createViews(deps: {
  lists: ReadonlyMap<string, ServerLists>;
  settings: () => ViewSettings;
  select: SelectTools;
  logger: Logger;
}): Views {
  const warn: Warn = (msg, fields) => deps.logger.warn(msg, fields);
  const empty = emptyViews(deps.settings().separator);
  let tv = empty.tools;
  let ov = empty.others;
  let toolsStale = false;
  let othersStale = false;
  let rebuildQueued = false;
  let closed = false;

  function tools(): ToolViews {
    if (toolsStale) {
      toolsStale = false;
      tv = buildToolViews(deps.lists, deps.settings(), deps.select, warn);
    }
    return tv;
  }

  function others(): OtherViews {
    if (othersStale) {
      othersStale = false;
      ov = buildOtherViews(deps.lists, deps.settings(), warn);
    }
    return ov;
  }

  return {
    tools,
    others,
    invalidate(which) {
      toolsStale ||= which.tools === true;
      othersStale ||= which.others === true;
      if (rebuildQueued) {
        return;
      }
      rebuildQueued = true;
      queueMicrotask(() => {
        rebuildQueued = false;
        if (!closed) {
          tools();
          others();
        }
      });
    },
    reselect(othersChanged) {
      // Stale views were never built with the lists they lack: count them as changed.
      const before = toolsStale ? undefined : JSON.stringify(tv.visibleAll);
      toolsStale = true;
      const changed = before === undefined || JSON.stringify(tools().visibleAll) !== before;
      othersStale ||= othersChanged;
      others();
      return changed;
    },
    close() {
      closed = true;
    },
  };
}
