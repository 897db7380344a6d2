// Thin objection models: table names and typed columns only. The snake_case ↔
// camelCase mapping is done once, on the knex instance (db/knex.ts), so models,
// repositories and plain knex queries all see camelCase. Queries live in
// repositories (objection is unmaintained; this keeps a move to plain knex cheap).
import { Model } from 'objection';

export class BaseModel extends Model {}
