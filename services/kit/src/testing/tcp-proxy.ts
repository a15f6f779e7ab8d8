import net from "node:net";

export interface TcpProxyOptions {
  targetPort: number;
  targetHost?: string;
}

export interface TcpProxy {
  /** The local port to connect to instead of the target's. */
  port: number;
  /** Simulates an outage: destroys every live connection and refuses new ones until `restore()`. */
  cut(): void;
  restore(): void;
  close(): Promise<void>;
}

/**
 * A TCP relay on 127.0.0.1 in front of a server, so a test can take a shared server (e.g. RabbitMQ)
 * out of reach of one client, and bring it back, without stopping the server for everyone else.
 */
export async function createTcpProxy(opts: TcpProxyOptions): Promise<TcpProxy> {
  const targetHost = opts.targetHost ?? "127.0.0.1";
  const sockets = new Set<net.Socket>();
  let cut = false;

  const track = (socket: net.Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    // A destroyed peer surfaces as ECONNRESET/EPIPE here: that is the point of the proxy, not a failure.
    socket.on("error", () => socket.destroy());
  };

  const server = net.createServer((client) => {
    track(client);
    if (cut) {
      client.destroy();
      return;
    }
    const upstream = net.connect({ port: opts.targetPort, host: targetHost });
    track(upstream);
    client.on("close", () => upstream.destroy());
    upstream.on("close", () => client.destroy());
    client.pipe(upstream);
    upstream.pipe(client);
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("tcp proxy: no port");

  const destroyAll = () => {
    for (const socket of sockets) socket.destroy();
  };

  return {
    port: address.port,
    cut() {
      cut = true;
      destroyAll();
    },
    restore() {
      cut = false;
    },
    close() {
      destroyAll();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
