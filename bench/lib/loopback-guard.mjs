// Preloaded (`node --import`) into the other gateways the benchmark runs, which have no option to
// choose their listen address (or default to all interfaces) or may reach out to the network:
//  - a listen() without a host binds 127.0.0.1 instead of every interface; a non-loopback host
//    is refused;
//  - an outgoing TCP connection to anything but loopback fails at once (before any DNS lookup).
// It changes nothing else, so each gateway runs its own code paths unchanged.
import net from 'node:net';

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '::1', '::ffff:127.0.0.1']);
const isLoopback = (host) => LOOPBACK_NAMES.has(host) || /^127\./.test(host);

const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function guardedListen(...args) {
  const first = args[0];
  if (typeof first === 'number' || (typeof first === 'string' && /^\d+$/.test(first))) {
    if (typeof args[1] !== 'string') {
      args.splice(1, 0, '127.0.0.1');
    } else if (!isLoopback(args[1])) {
      throw new Error(`benchmark guard: refusing to listen on ${args[1]}; only loopback is allowed`);
    }
  } else if (first && typeof first === 'object' && !('_handle' in first) && first.path === undefined) {
    if (first.host === undefined) {
      args[0] = { ...first, host: '127.0.0.1' };
    } else if (!isLoopback(first.host)) {
      throw new Error(`benchmark guard: refusing to listen on ${first.host}; only loopback is allowed`);
    }
  } else if (first === undefined || typeof first === 'function') {
    args.unshift(0, '127.0.0.1');
  }
  return listen.apply(this, args);
};

const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function guardedConnect(...args) {
  // net.connect() hands over [options, callback] as one normalized array.
  const opts = Array.isArray(args[0]) ? args[0][0] : args[0];
  let host;
  if (opts && typeof opts === 'object') {
    host = opts.path === undefined ? (opts.host ?? 'localhost') : undefined;
  } else if (typeof opts === 'number' || (typeof opts === 'string' && /^\d+$/.test(opts))) {
    host = typeof args[1] === 'string' ? args[1] : 'localhost';
  }
  if (host !== undefined && !isLoopback(host)) {
    const err = new Error(
      `benchmark guard: outgoing connection to ${host} blocked; only loopback is allowed`,
    );
    err.code = 'ECONNREFUSED';
    process.nextTick(() => this.destroy(err));
    return this;
  }
  return connect.apply(this, args);
};
