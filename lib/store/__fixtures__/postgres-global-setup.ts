// vitest globalSetup: one throw-away PostgreSQL cluster for the whole run, its URL handed to
// the test files (`inject('postgresUrl')`, see ./backends.ts), stopped and removed when the
// run ends — also when tests fail, and on an interrupted run (the exit hook).
import type { TestProject } from 'vitest/node';
import { startPostgresCluster } from './postgres-cluster';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  const cluster = await startPostgresCluster();
  const onExit = () => cluster.stop();
  process.once('exit', onExit);
  project.provide('postgresUrl', cluster.url);
  // Also in the environment the test workers inherit: test runtimes (lib/runtime/__fixtures__)
  // are built synchronously, outside vitest's inject, and create their schema with psql.
  process.env.PMTA_TEST_PG_URL = cluster.url;
  return () => {
    process.off('exit', onExit);
    cluster.stop();
  };
}
