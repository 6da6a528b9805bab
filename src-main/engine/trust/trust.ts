import type { Tool } from '@modelcontextprotocol/client';
import { createTwoFilesPatch } from 'diff';

import type {
  Finding,
  ReviewItem,
  ReviewList,
  ServerTrust,
  ToolTrust,
  ToolTrustStatus,
  TrustDecision,
  TrustMode,
} from '../../../src-shared/api/trust.js';
import { GatewayError } from '../../../src-shared/errors.js';
import {
  countToolTokens,
  type GlobalControls,
  type SelectedTool,
  type Selection,
  type ServerTools,
} from '../context/index.js';
import type { Clock, ConfigStore, Disposable, EventBus, Logger } from '../types.js';
import {
  bodyHash,
  createDefinitionHashes,
  type DefinitionHashes,
  definitionText,
  pinnedDefinition,
} from './canonical.js';
import type { ScanRule } from './rules.js';
import { createScanner } from './scanner.js';
import { openPinStore } from './store.js';

/** The selection policy the catalog calls (context/select.ts's `selectTools` has this shape). */
export type SelectPolicy = (perServer: ServerTools[], global: GlobalControls) => Selection;

export interface TrustDeps {
  dataDir: string;
  config: ConfigStore;
  bus: EventBus;
  logger: Logger;
  clock: Clock;
  /** The scanner's rules (default: rules.ts). */
  rules?: readonly ScanRule[];
  /** Definition hashes shared with the list cache (default: this module's own). */
  hashes?: DefinitionHashes;
}

export interface Trust {
  /**
   * Put trust in front of a selection policy: held-back tools never reach it (they take no
   * budget) and come out hidden as `held-back`, in their listing position.
   */
  wrap(select: SelectPolicy): SelectPolicy;
  /** One server's mode and its tools' status; undefined for a server that is not configured. */
  server(server: string): ServerTrust | undefined;
  /** Tools waiting for a decision, with diffs. */
  review(server?: string): ReviewList;
  /** Pin the listed definitions of these tools (default: every held-back tool of the server). */
  approve(server: string, tools?: string[]): Promise<TrustDecision>;
  /** Keep these tools hidden until they change (default: every tool waiting for review). */
  reject(server: string, tools?: string[]): Promise<TrustDecision>;
  /** Fires after an approval or rejection: what clients see must be selected again. */
  onChange(listener: () => void): Disposable;
  close(): void;
}

interface Evaluated {
  tool: Tool;
  hash: string;
  findings: Finding[];
  status: ToolTrustStatus;
  held: boolean;
  pinnedHash?: string;
  renamedFrom?: string;
}

const DEFAULT_MODE: TrustMode = 'changes';

function holdNote(server: string, e: Evaluated): string {
  const review = `Review it in the gateway's dashboard (server "${server}") or with \`mcp-gateway tools review ${server}\`, then approve it.`;
  const label = `Tool "${e.tool.name}" of server "${server}"`;
  switch (e.status) {
    case 'changed':
      return `${label} is held back: its definition changed since it was approved. ${review}`;
    case 'new':
      return e.renamedFrom !== undefined
        ? `${label} is held back: it is "${e.renamedFrom}" under a new name, not yet approved. ${review}`
        : `${label} is held back: it is new since the server was approved. ${review}`;
    case 'flagged': {
      const high = e.findings.filter((f) => f.severity === 'high').map((f) => f.rule);
      return `${label} is held back: its description was flagged (${[...new Set(high)].join(', ')}). ${review}`;
    }
    case 'rejected':
      return `${label} was rejected in a review and stays hidden until the server changes it. Approve it with \`mcp-gateway tools approve ${server} ${e.tool.name}\` to use it.`;
    default:
      return `${label} is held back. ${review}`;
  }
}

/**
 * Tool trust: pins each approved tool's whole definition (hash + copy, `<dataDir>/tool-approvals*.json`),
 * scans every listing, and holds back what changed, what is new and what the scanner flags as
 * high severity, per the server's `trust` mode.
 *
 * A server's first listing after it was added (or, for servers configured before pins existed,
 * its first listing at all) is what adding it approved: it is pinned as it stands, except tools
 * flagged high, and except in `everything-new` mode, where nothing is approved by adding.
 */
export function createTrust(deps: TrustDeps): Trust {
  const { config, bus, clock } = deps;
  const logger = deps.logger.child({ component: 'trust' });
  const store = openPinStore(deps.dataDir, logger, () => clock.now());
  const scanner = createScanner(deps.rules);
  const hashes = deps.hashes ?? createDefinitionHashes();
  /** The last evaluated listing per server (kept while a server is down, so its review stays open). */
  const latest = new Map<string, Map<string, Evaluated>>();
  /** `${name}\0${hash}` already announced as held back, per server: announce each change once. */
  const announced = new Map<string, Set<string>>();
  const listeners = new Set<() => void>();

  const hashOf = (tool: Tool): string => hashes.of(tool);
  const modeOf = (server: string): TrustMode => config.current().mcpServers[server]?.trust ?? DEFAULT_MODE;

  function forget(server: string): void {
    latest.delete(server);
    announced.delete(server);
    if (store.delete(server)) {
      store.save();
    }
  }

  // Adding a server approves its next listing; removing it drops its pins.
  const sub = config.onChange((next, prev) => {
    for (const name of Object.keys(prev.mcpServers)) {
      if (!(name in next.mcpServers)) {
        forget(name);
      }
    }
    for (const name of Object.keys(next.mcpServers)) {
      if (!(name in prev.mcpServers)) {
        forget(name);
      }
    }
  });

  function evaluate(perServer: ServerTools[]): void {
    // A tool that matches its pin is approved whatever the scanner says, so only the others are
    // scanned now; an approved tool's findings are scanned (against this listing) when asked for.
    // A restart with many cached servers then hashes its tools but scans none of them.
    const findings = scanner.scanListing(
      perServer,
      (server, tool) => store.get(server)?.tools[tool.name]?.hash !== hashOf(tool),
    );
    let all: Map<string, Map<string, Finding[]>> | undefined;
    const scanned = (server: string, name: string): Finding[] =>
      findings.get(server)?.get(name) ??
      (all ??= scanner.scanListing(perServer)).get(server)?.get(name) ??
      [];
    const now = clock.now();
    let dirty = false;
    const events: { server: string; held: number; newlyHeld: string[] }[] = [];
    for (const { server, tools } of perServer) {
      const mode = modeOf(server);
      let rec = store.get(server);
      const first = rec?.approvedAt === undefined && tools.length > 0;
      if (first) {
        rec = store.ensure(server);
        rec.approvedAt = now;
        dirty = true;
      }
      const listed = new Set(tools.map((t) => t.name));
      const vanished = Object.entries(rec?.tools ?? {}).filter(([n]) => !listed.has(n));
      const evals = new Map<string, Evaluated>();
      for (const tool of tools) {
        const hash = hashOf(tool);
        const found = findings.get(server)?.get(tool.name);
        const high = found?.some((f) => f.severity === 'high') === true;
        let pin = rec?.tools[tool.name];
        const autoPin =
          rec !== undefined &&
          pin?.hash !== hash &&
          (mode === 'nothing' || (first && mode === 'changes' && !high));
        if (autoPin && rec !== undefined) {
          pin = { hash, definition: pinnedDefinition(tool), approvedAt: now, by: 'listing' };
          rec.tools[tool.name] = pin;
          delete rec.rejected[tool.name];
          dirty = true;
        }
        let status: ToolTrustStatus;
        if (pin?.hash === hash) {
          status = 'approved';
        } else if (rec?.rejected[tool.name] === hash) {
          status = 'rejected';
        } else if (pin !== undefined) {
          status = 'changed';
        } else if (high) {
          status = 'flagged';
        } else {
          status = 'new';
        }
        const e: Evaluated = {
          tool,
          hash,
          get findings() {
            return scanned(server, tool.name);
          },
          status,
          held: status !== 'approved',
        };
        if (pin !== undefined) {
          e.pinnedHash = pin.hash;
        } else if (vanished.length > 0) {
          const body = bodyHash(tool);
          const was = vanished.find(([, p]) => bodyHash(p.definition) === body);
          if (was !== undefined) {
            e.renamedFrom = was[0];
          }
        }
        evals.set(tool.name, e);
      }
      latest.set(server, evals);

      let seen = announced.get(server);
      if (seen === undefined) {
        seen = new Set();
        announced.set(server, seen);
      }
      const newlyHeld: string[] = [];
      for (const e of evals.values()) {
        const key = `${e.tool.name}\0${e.hash}`;
        if (e.held && e.status !== 'rejected' && !seen.has(key)) {
          seen.add(key);
          newlyHeld.push(e.tool.name);
        }
      }
      if (newlyHeld.length > 0) {
        const held = [...evals.values()].filter((e) => e.held).length;
        events.push({ server, held, newlyHeld });
        logger.warn('tools held back for review', { server, tools: newlyHeld });
      }
    }
    if (dirty) {
      save();
    }
    if (events.length > 0) {
      // Emitted after the selection is in place, so listeners that read the catalog see it.
      queueMicrotask(() => {
        for (const e of events) {
          bus.emit({
            type: 'trust.changed',
            at: clock.now(),
            server: e.server,
            held: e.held,
            newlyHeld: e.newlyHeld,
            reason: 'listing',
          });
        }
      });
    }
  }

  function save(): void {
    try {
      store.save();
    } catch (err) {
      // Pins stay in memory; the next change tries again.
      logger.error('could not write the tool pin file', { file: store.file, err: String(err) });
    }
  }

  function heldEntry(server: string, e: Evaluated): SelectedTool {
    let tokens: number | undefined;
    return {
      server,
      name: e.tool.name,
      tool: e.tool,
      original: e.tool,
      visible: false,
      hiddenReason: 'held-back',
      hiddenNote: holdNote(server, e),
      get fullTokens(): number {
        return (tokens ??= countToolTokens(e.tool));
      },
      get tokens(): number {
        return this.fullTokens;
      },
    };
  }

  function wrap(select: SelectPolicy): SelectPolicy {
    return (perServer, global) => {
      evaluate(perServer);
      const isHeld = (server: string, name: string) => latest.get(server)?.get(name)?.held === true;
      const allowed = perServer.map((s) => ({
        ...s,
        tools: s.tools.filter((t) => !isHeld(s.server, t.name)),
      }));
      const inner = select(allowed, global);
      if (allowed.every((s, i) => s.tools.length === perServer[i]?.tools.length)) {
        return inner;
      }
      const entries: SelectedTool[] = [];
      let i = 0;
      for (const s of perServer) {
        for (const t of s.tools) {
          const e = latest.get(s.server)?.get(t.name);
          if (e?.held === true) {
            entries.push(heldEntry(s.server, e));
          } else {
            const next = inner.entries[i++];
            if (next !== undefined) {
              entries.push(next);
            }
          }
        }
      }
      const innerTotals = inner.totals;
      let allTokens: number | undefined;
      return {
        entries,
        warnings: inner.warnings,
        totals: {
          visibleTools: innerTotals.visibleTools,
          allTools: entries.length,
          get visibleTokens(): number {
            return innerTotals.visibleTokens;
          },
          get allTokens(): number {
            return (allTokens ??= entries.reduce((n, e) => n + e.fullTokens, 0));
          },
        },
      };
    };
  }

  function toolTrust(server: string, e: Evaluated): ToolTrust {
    return {
      server,
      name: e.tool.name,
      status: e.status,
      held: e.held,
      hash: e.hash,
      ...(e.pinnedHash !== undefined ? { pinnedHash: e.pinnedHash } : {}),
      findings: e.findings,
      ...(e.renamedFrom !== undefined ? { renamedFrom: e.renamedFrom } : {}),
    };
  }

  function reviewItem(server: string, e: Evaluated): ReviewItem {
    const rec = store.get(server);
    const approved =
      rec?.tools[e.tool.name] ?? (e.renamedFrom !== undefined ? rec?.tools[e.renamedFrom] : undefined);
    const after = definitionText(e.tool);
    const before = approved === undefined ? undefined : definitionText(approved.definition);
    const patch = (what: string, a: string, b: string) =>
      before === undefined
        ? ''
        : createTwoFilesPatch(`${what} (approved)`, `${what} (now)`, a, b, '', '', { context: 3 });
    return {
      ...toolTrust(server, e),
      ...(before !== undefined ? { before } : {}),
      after,
      diff: {
        description: patch('description', `${before?.description ?? ''}\n`, `${after.description}\n`),
        schema: patch('schema', `${before?.schema ?? ''}\n`, `${after.schema}\n`),
      },
      definition: pinnedDefinition(e.tool),
    };
  }

  function evalsFor(server: string): Map<string, Evaluated> {
    if (config.current().mcpServers[server] === undefined) {
      throw new GatewayError(
        'SERVER_NOT_FOUND',
        `There is no server named "${server}". List servers with \`mcp-gateway servers\`.`,
      );
    }
    const evals = latest.get(server);
    if (evals === undefined) {
      throw new GatewayError(
        'SERVER_NOT_RUNNING',
        `Server "${server}" has not listed its tools yet, so there is nothing to review. Start it and try again.`,
      );
    }
    return evals;
  }

  function targets(
    server: string,
    evals: Map<string, Evaluated>,
    names: string[] | undefined,
    pick: (e: Evaluated) => boolean,
  ): Evaluated[] {
    if (names === undefined) {
      return [...evals.values()].filter(pick);
    }
    const unknown = names.filter((n) => !evals.has(n));
    if (unknown.length > 0) {
      throw new GatewayError(
        'TOOL_NOT_FOUND',
        `Server "${server}" does not list ${unknown.map((n) => `"${n}"`).join(', ')}. See what waits for review with \`mcp-gateway tools review ${server}\`.`,
      );
    }
    return names.map((n) => evals.get(n) as Evaluated);
  }

  function changed(server: string, reason: 'approved' | 'rejected'): void {
    for (const l of listeners) {
      try {
        l();
      } catch (err) {
        logger.error('trust listener failed', { err: String(err) });
      }
    }
    const held = [...(latest.get(server)?.values() ?? [])].filter((e) => e.held).length;
    bus.emit({ type: 'trust.changed', at: clock.now(), server, held, newlyHeld: [], reason });
  }

  return {
    wrap,
    server(server) {
      if (config.current().mcpServers[server] === undefined) {
        return undefined;
      }
      const rec = store.get(server);
      return {
        server,
        mode: modeOf(server),
        ...(rec?.approvedAt !== undefined ? { approvedAt: rec.approvedAt } : {}),
        tools: [...(latest.get(server)?.values() ?? [])].map((e) => toolTrust(server, e)),
      };
    },
    review(only) {
      const items: ReviewItem[] = [];
      const held: Record<string, number> = {};
      for (const server of Object.keys(config.current().mcpServers)) {
        if (only !== undefined && server !== only) {
          continue;
        }
        const evals = [...(latest.get(server)?.values() ?? [])];
        const count = evals.filter((e) => e.held).length;
        if (count > 0) {
          held[server] = count;
        }
        for (const e of evals) {
          if (e.held && e.status !== 'rejected') {
            items.push(reviewItem(server, e));
          }
        }
      }
      return { items, held };
    },
    async approve(server, names) {
      const evals = evalsFor(server);
      const chosen = targets(server, evals, names, (e) => e.held);
      const rec = store.ensure(server);
      const now = clock.now();
      rec.approvedAt ??= now;
      for (const e of chosen) {
        rec.tools[e.tool.name] = {
          hash: e.hash,
          definition: pinnedDefinition(e.tool),
          approvedAt: now,
          by: 'user',
        };
        delete rec.rejected[e.tool.name];
      }
      save();
      // A switch the user set on the old name keeps its meaning under the new one.
      const disabled = new Set(config.current().mcpServers[server]?.tools?.disabled ?? []);
      const carried = chosen.filter(
        (e) => e.renamedFrom !== undefined && disabled.has(e.renamedFrom) && !disabled.has(e.tool.name),
      );
      if (carried.length > 0) {
        await config.update((draft) => {
          const s = draft.mcpServers[server];
          if (s !== undefined) {
            s.tools = {
              ...(s.tools ?? {}),
              disabled: [...(s.tools?.disabled ?? []), ...carried.map((e) => e.tool.name)],
            };
          }
        }, 'api');
      }
      changed(server, 'approved');
      const names_ = chosen.map((e) => e.tool.name);
      logger.info('tools approved', { server, tools: names_ });
      return {
        server,
        tools: names_,
        ...(carried.length > 0
          ? { carried: carried.map((e) => `${e.renamedFrom ?? ''} → ${e.tool.name}`) }
          : {}),
        message:
          names_.length === 0
            ? `Nothing of server "${server}" was waiting for review.`
            : `Approved ${names_.length} tool(s) of "${server}"; clients see them now.` +
              (carried.length > 0
                ? ` Kept switched off under the new name: ${carried.map((e) => e.tool.name).join(', ')}.`
                : ''),
      };
    },
    async reject(server, names) {
      const evals = evalsFor(server);
      const chosen = targets(server, evals, names, (e) => e.held && e.status !== 'rejected');
      const notHeld = chosen.filter((e) => !e.held).map((e) => e.tool.name);
      if (notHeld.length > 0) {
        throw new GatewayError(
          'BAD_REQUEST',
          `${notHeld.map((n) => `"${n}"`).join(', ')} of server "${server}" ${notHeld.length === 1 ? 'is' : 'are'} approved, not waiting for review. Switch a tool off with \`mcp-gateway tools disable\` instead.`,
        );
      }
      const rec = store.ensure(server);
      for (const e of chosen) {
        rec.rejected[e.tool.name] = e.hash;
        e.status = 'rejected';
      }
      save();
      changed(server, 'rejected');
      const names_ = chosen.map((e) => e.tool.name);
      logger.info('tools rejected', { server, tools: names_ });
      return {
        server,
        tools: names_,
        message:
          names_.length === 0
            ? `Nothing of server "${server}" was waiting for review.`
            : `Rejected ${names_.length} tool(s) of "${server}"; they stay hidden until the server changes them.`,
      };
    },
    onChange(listener) {
      listeners.add(listener);
      return { dispose: () => listeners.delete(listener) };
    },
    close() {
      sub.dispose();
      listeners.clear();
    },
  };
}
