import type { ConfigStore, Disposable, EventBus, SupervisorApi } from '../types.js';
import type { ServerListStore } from './server-lists.js';

/**
 * What the catalog listens to: connections coming and going and server states (for the lists),
 * and config changes; the servers already there are taken as they stand now.
 */
export function listenToInputs(
  deps: { supervisor: SupervisorApi; config: ConfigStore; bus: EventBus },
  store: Pick<ServerListStore, 'onConnection' | 'onState'>,
  onConfig: Parameters<ConfigStore['onChange']>[0],
): Disposable[] {
  const { supervisor, bus } = deps;
  const disposables: Disposable[] = [
    supervisor.onConnection((server, conn) => store.onConnection(server, conn)),
    deps.config.onChange(onConfig),
    bus.on((e) => {
      if (e.type === 'server.state') {
        store.onState(e.server, e.state);
      }
    }),
  ];
  for (const status of supervisor.list()) {
    const conn = supervisor.connection(status.name);
    if (conn !== undefined) {
      store.onConnection(status.name, conn);
    } else {
      store.onState(status.name, status.state);
    }
  }
  return disposables;
}
