import picomatch from 'picomatch';

import { DEFAULT_PROFILE, type GatewayConfig, type ProfileConfig } from '../../../src-shared/config.js';

/**
 * A profile as the catalog applies it at its selection seam: what a client of this profile may
 * list, search, describe and call. One view object per profile name lives as long as the engine,
 * so sessions keep it across config edits; an edit changes what it allows (and its generation,
 * which invalidates the lists derived from it).
 */
export interface ProfileView {
  readonly name: string;
  /** Whether the config still defines this profile (`default` always exists). */
  readonly exists: boolean;
  readonly mode: 'all' | 'meta' | undefined;
  /** Exposed names of the tools pinned next to the meta tools, when the profile sets them. */
  readonly pinned: readonly string[] | undefined;
  readonly requestsPerMinute: number | undefined;
  /** True when this view lets everything through (the catalog then skips filtering). */
  readonly all: boolean;
  allowsServer(server: string): boolean;
  /** `id` is the tool's exposed name on `/mcp` (`<server>__<tool>`). */
  allowsTool(server: string, id: string): boolean;
  /** A value derived from `key` (a list array) under this view, kept until either changes. */
  memo<T>(key: object, make: () => T): T;
}

type Matcher = (name: string) => boolean;

function matcher(patterns: readonly string[] | undefined): Matcher | undefined {
  return patterns === undefined || patterns.length === 0
    ? undefined
    : picomatch([...patterns], { dot: true });
}

class View implements ProfileView {
  exists = false;
  mode: 'all' | 'meta' | undefined;
  pinned: readonly string[] | undefined;
  requestsPerMinute: number | undefined;
  all = true;
  private servers: Set<string> | undefined;
  private allow: Matcher | undefined;
  private deny: Matcher | undefined;
  private cache = new WeakMap<object, unknown>();

  constructor(readonly name: string) {}

  set(config: ProfileConfig | undefined, exists: boolean): void {
    this.exists = exists;
    this.mode = config?.mode;
    this.pinned = config?.pinned;
    this.requestsPerMinute = config?.rateLimit?.requestsPerMinute;
    this.servers = config?.servers === undefined ? undefined : new Set(config.servers);
    this.allow = matcher(config?.allow);
    this.deny = matcher(config?.deny);
    this.all = exists && this.servers === undefined && this.allow === undefined && this.deny === undefined;
    this.cache = new WeakMap();
  }

  allowsServer(server: string): boolean {
    return this.exists && (this.servers === undefined || this.servers.has(server));
  }

  allowsTool(server: string, id: string): boolean {
    if (!this.allowsServer(server)) {
      return false;
    }
    if (this.deny?.(id) === true) {
      return false;
    }
    return this.allow === undefined || this.allow(id);
  }

  memo<T>(key: object, make: () => T): T {
    if (this.cache.has(key)) {
      return this.cache.get(key) as T;
    }
    const value = make();
    this.cache.set(key, value);
    return value;
  }
}

/** A view of a profile that is not (yet) in the config: what a preview or a check applies. */
export function compileProfile(name: string, config: ProfileConfig): ProfileView {
  const view = new View(name);
  view.set(config, true);
  return view;
}

/** A glob pattern as profiles read it (`deny` and `allow` use the same matcher). */
export function globMatcher(pattern: string): (name: string) => boolean {
  return picomatch(pattern, { dot: true });
}

export interface ProfileRegistry {
  get(name: string): ProfileView;
  /** Profile names: `default` and every one in the config. */
  names(): string[];
  update(config: GatewayConfig): void;
}

export function createProfileRegistry(config: GatewayConfig): ProfileRegistry {
  const views = new Map<string, View>();
  let current = config;
  const apply = (view: View) => {
    const cfg = current.gateway.profiles[view.name];
    view.set(cfg, cfg !== undefined || view.name === DEFAULT_PROFILE);
  };
  return {
    get(name) {
      let view = views.get(name);
      if (view === undefined) {
        view = new View(name);
        apply(view);
        views.set(name, view);
      }
      return view;
    },
    names: () => [...new Set([DEFAULT_PROFILE, ...Object.keys(current.gateway.profiles)])],
    update(next) {
      const before = JSON.stringify(current.gateway.profiles);
      current = next;
      if (JSON.stringify(next.gateway.profiles) === before) {
        return;
      }
      for (const view of views.values()) {
        apply(view);
      }
    },
  };
}
