// What the API needs from the outside, handed to createApp by whoever starts it.
import type { Knex } from '../db/knex.ts';
import type { Logger } from 'pino';
import type { Config } from '../config/schema.ts';
import type { WorkflowGateway } from './workflow-gateway.ts';

export interface ApiDeps {
  config: Config;
  knex: Knex;
  logger: Logger;
  workflows: WorkflowGateway;
  now?: () => Date;
}
