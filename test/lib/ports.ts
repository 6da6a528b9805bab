import net from 'node:net';

/**
 * A loopback port that was free a moment ago, for a test that must know the port before it
 * starts what listens on it (an engine's configured port, a restart on the same port).
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}
