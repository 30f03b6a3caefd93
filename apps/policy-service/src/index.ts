/**
 * What the service shares with the CLI (`@pps/policy-service`): its composition root — the
 * providers (`PolicyCoreModule`), the schema's migrations in order (`SCHEMA_MIGRATIONS`) and the
 * connection it makes (`appDatabaseUrl`, as `pps_app`) — and
 * the DTOs its routes validate, so that the command line builds the same providers and accepts
 * exactly what the API accepts.
 */
export { PolicyCoreModule } from './policy-core.module';
export { appDatabaseUrl } from './database-urls';
export { SCHEMA_MIGRATIONS } from './schema-migrations';
export { ActivateDto, RollbackDto } from './rule-sets/rule-sets.dto';
export { ReasonDto, SetShadowDto } from './rollout/rollout.dto';
export { toWindow, WindowQueryDto } from './decisions/decisions.dto';
