// Launch every benchmark server over stdio with the v2 Client, list its tools and save the
// corpus to bench/context/corpus.json. Installs nothing; needs only node_modules.
//   node bench/context/capture.mjs
import { join } from 'node:path';

import { captureEach, listServerTools, saveCorpus } from '../lib/capture.mjs';
import { benchServers } from './servers.mjs';

async function capture(server) {
  const { serverInfo, tools } = await listServerTools(server, { clientName: 'context-bench' });
  return { name: server.name, description: server.description, serverInfo, tools };
}

export async function captureCorpus() {
  const { dir, servers } = benchServers();
  return captureEach(servers, dir, capture);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  saveCorpus(join(import.meta.dirname, 'corpus.json'), await captureCorpus());
}
