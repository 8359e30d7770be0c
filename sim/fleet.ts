// Several nodes at once (the console's demo fleet and multi-node tests).

import { startSimNode, type SimNodeHandle, type SimNodeOptions } from './node';

export interface SimFleetOptions extends Omit<SimNodeOptions, 'id' | 'port' | 'acctDir' | 'hostName'> {
  /** Default 3. */
  nodes?: number;
  /** Node i listens on basePort + i; default 0 = each on any free port. */
  basePort?: number;
  /** Node i writes to `${acctRoot}/pmta{i+1}`; default a temp dir per node. */
  acctRoot?: string;
}

export interface SimFleet {
  nodes: SimNodeHandle[];
  stop(): Promise<void>;
}

export async function startSimFleet(opts: SimFleetOptions = {}): Promise<SimFleet> {
  const count = opts.nodes ?? 3;
  const seed = opts.seed ?? 1;
  const nodes: SimNodeHandle[] = [];
  const stop = async () => {
    await Promise.all(nodes.map((n) => n.stop()));
  };
  try {
    for (let i = 0; i < count; i++) {
      const id = `pmta${i + 1}`;
      nodes.push(
        await startSimNode({
          ...opts,
          id,
          // Different seeds so nodes do not move in lockstep.
          seed: seed + i * 7919,
          port: opts.basePort ? opts.basePort + i : 0,
          acctDir: opts.acctRoot ? `${opts.acctRoot}/${id}` : undefined,
          // Real fleets mix installs: odd nodes (pmta1, pmta3…) also queue mail injected
          // without x-virtual-mta on `{default}`, even ones only on named vMTAs.
          defaultVmtaQueues: opts.defaultVmtaQueues ?? i % 2 === 0,
        }),
      );
    }
  } catch (e) {
    await stop();
    throw e;
  }
  return { nodes, stop };
}
