// The one Temporal client of a process (API, CLI, tests, benchmarks): a connection
// and a client with the project's data converter (encrypting codec). Gateways
// (temporal/client/gateway.ts) are built on it and never open another.
import { Client, Connection } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import { dataConverter } from '../data-converter.ts';

/** What a client needs: the shape of config's `temporal` and `codecKeys`, so any caller can pass its config. */
export interface TemporalClientOptions {
  temporal: { address: string; namespace: string; taskQueue: string };
  codecKeys: readonly { id: string; key: Buffer }[];
}

export interface TemporalClient {
  client: Client;
  connection: Connection;
  taskQueue: string;
  namespace: string;
}

/**
 * `lazy` (the API's choice) connects on first use, so the process starts and reports
 * temporal: down while the server is unreachable; `eager` (the CLI's) fails within
 * five seconds when nothing answers.
 */
export async function connectTemporal(options: TemporalClientOptions, mode: 'lazy' | 'eager' = 'lazy'): Promise<TemporalClient> {
  const { address, namespace, taskQueue } = options.temporal;
  const connection = mode === 'lazy' ? Connection.lazy({ address }) : await Connection.connect({ address, connectTimeout: '5 seconds' });
  const converter: DataConverter = dataConverter(options.codecKeys);
  const client = new Client({ connection, namespace, dataConverter: converter });
  return { client, connection, taskQueue, namespace };
}
