// Where the e2e console and its simulated fleet listen (loopback only).
export const E2E = {
  port: Number(process.env.E2E_PORT ?? 3100),
  simBasePort: Number(process.env.E2E_SIM_BASE_PORT ?? 19080),
  dataDir: process.env.E2E_DATA_DIR ?? '.data/e2e',
  /** `postgres`: the same suite with the console's store on a throw-away PostgreSQL cluster. */
  store: process.env.E2E_STORE === 'postgres' ? ('postgres' as const) : ('sqlite' as const),
  get baseURL() {
    return `http://127.0.0.1:${this.port}`;
  },
  simURL(node: number) {
    return `http://127.0.0.1:${this.simBasePort + node}`;
  },
};
