import type { Tool } from '@modelcontextprotocol/client';

import type { Finding, ToolTrustStatus, TrustMode } from '../../../src-shared/api/trust.js';
import type { ServerTools } from '../context/index.js';
import { bodyHash, pinnedDefinition } from './canonical.js';
import type { Evaluated } from './evaluated.js';
import type { Pin, ServerPins } from './store.js';
import type { TrustState } from './trust-state.js';

/** A listing's findings: the tools off their pin scanned at once, the others on first ask. */
interface ListingFindings {
  /** Findings of the tools scanned at once (those whose hash is not pinned). */
  readonly now: Map<string, Map<string, Finding[]>>;
  of(server: string, name: string): Finding[];
}

/** Where one server's tools are judged: its pins, its mode, and whether this is its first listing. */
interface ServerPass {
  server: string;
  rec: ServerPins | undefined;
  mode: TrustMode;
  first: boolean;
  now: number;
  /** Pinned tools this listing no longer has (a new tool may be one of them renamed). */
  vanished: [string, Pin][];
  findings: ListingFindings;
}

/** A listing's held-back news for one server, announced once per tool and hash. */
export interface HeldNews {
  server: string;
  held: number;
  newlyHeld: string[];
}

function listingFindings(state: TrustState, perServer: ServerTools[]): ListingFindings {
  // A tool that matches its pin is approved whatever the scanner says, so only the others are
  // scanned now; an approved tool's findings are scanned (against this listing) when asked for.
  // A restart with many cached servers then hashes its tools but scans none of them.
  const now = state.scanner.scanListing(
    perServer,
    (server, tool) => state.store.get(server)?.tools[tool.name]?.hash !== state.hashOf(tool),
  );
  let all: Map<string, Map<string, Finding[]>> | undefined;
  return {
    now,
    of: (server, name) =>
      now.get(server)?.get(name) ??
      (all ??= state.scanner.scanListing(perServer)).get(server)?.get(name) ??
      [],
  };
}

/** A tool's status from its hash, its pin, the hash the user rejected, and a high finding (pure). */
export function toolStatus(
  hash: string,
  pin: Pin | undefined,
  rejected: string | undefined,
  high: boolean,
): ToolTrustStatus {
  if (pin?.hash === hash) {
    return 'approved';
  }
  if (rejected === hash) {
    return 'rejected';
  }
  if (pin !== undefined) {
    return 'changed';
  }
  return high ? 'flagged' : 'new';
}

/** Judges one tool; pins it when the mode approves it by listing. Returns whether it pinned. */
function evaluateTool(
  pass: ServerPass,
  state: TrustState,
  tool: Tool,
  evals: Map<string, Evaluated>,
): boolean {
  const { server, rec, mode, first, now, findings } = pass;
  const hash = state.hashOf(tool);
  const high =
    findings.now
      .get(server)
      ?.get(tool.name)
      ?.some((f) => f.severity === 'high') === true;
  let pin = rec?.tools[tool.name];
  const autoPin =
    rec !== undefined && pin?.hash !== hash && (mode === 'nothing' || (first && mode === 'changes' && !high));
  if (autoPin && rec !== undefined) {
    pin = { hash, definition: pinnedDefinition(tool), approvedAt: now, by: 'listing' };
    rec.tools[tool.name] = pin;
    delete rec.rejected[tool.name];
  }
  const status = toolStatus(hash, pin, rec?.rejected[tool.name], high);
  const e: Evaluated = {
    tool,
    hash,
    get findings() {
      return findings.of(server, tool.name);
    },
    status,
    held: status !== 'approved',
  };
  if (pin !== undefined) {
    e.pinnedHash = pin.hash;
  } else if (pass.vanished.length > 0) {
    const body = bodyHash(tool);
    const was = pass.vanished.find(([, p]) => bodyHash(p.definition) === body);
    if (was !== undefined) {
      e.renamedFrom = was[0];
    }
  }
  evals.set(tool.name, e);
  return autoPin;
}

/** Judges one server's listing into `state.latest`; returns whether its pins changed. */
function evaluateServer(
  state: TrustState,
  server: ServerTools,
  findings: ListingFindings,
  now: number,
): boolean {
  const { tools } = server;
  let rec = state.store.get(server.server);
  const first = rec?.approvedAt === undefined && tools.length > 0;
  if (first) {
    rec = state.store.ensure(server.server);
    rec.approvedAt = now;
  }
  const listed = new Set(tools.map((t) => t.name));
  const vanished = Object.entries(rec?.tools ?? {}).filter(([n]) => !listed.has(n));
  const pass = {
    server: server.server,
    rec,
    mode: state.modeOf(server.server),
    first,
    now,
    vanished,
    findings,
  };
  const evals = new Map<string, Evaluated>();
  let dirty = first;
  for (const tool of tools) {
    dirty = evaluateTool(pass, state, tool, evals) || dirty;
  }
  state.latest.set(server.server, evals);
  return dirty;
}

/** The tools of a server held back since the last announcement (each tool and hash once). */
export function newlyHeld(state: TrustState, server: string): HeldNews | undefined {
  const evals = state.latest.get(server) ?? new Map<string, Evaluated>();
  let seen = state.announced.get(server);
  if (seen === undefined) {
    seen = new Set();
    state.announced.set(server, seen);
  }
  const names: string[] = [];
  for (const e of evals.values()) {
    const key = `${e.tool.name}\0${e.hash}`;
    if (e.held && e.status !== 'rejected' && !seen.has(key)) {
      seen.add(key);
      names.push(e.tool.name);
    }
  }
  if (names.length === 0) {
    return undefined;
  }
  return { server, held: [...evals.values()].filter((e) => e.held).length, newlyHeld: names };
}

/**
 * Judges a listing (every server's tools): pins what the servers' modes approve by listing,
 * records each tool's status in `state.latest`, writes changed pins, and announces tools newly
 * held back (`trust.changed`, after the selection is in place).
 */
export function evaluateListing(state: TrustState, perServer: ServerTools[]): void {
  const findings = listingFindings(state, perServer);
  const now = state.clock.now();
  let dirty = false;
  const news: HeldNews[] = [];
  for (const server of perServer) {
    dirty = evaluateServer(state, server, findings, now) || dirty;
    const held = newlyHeld(state, server.server);
    if (held !== undefined) {
      news.push(held);
      state.logger.warn('tools held back for review', { server: server.server, tools: held.newlyHeld });
    }
  }
  if (dirty) {
    state.save();
  }
  if (news.length > 0) {
    // Emitted after the selection is in place, so listeners that read the catalog see it.
    queueMicrotask(() => {
      for (const e of news) {
        state.bus.emit({ type: 'trust.changed', at: state.clock.now(), ...e, reason: 'listing' });
      }
    });
  }
}
