/**
 * Rule files and the policy engine (everything in `./files`), plus the runtime registry of
 * versions. Everything outside this lib imports it through this file or `@pps/rules/files`.
 */
export * from './files';
export { declaredFacts } from './publish-check';
export { ruleWork, type BatchEvaluation } from './rule-work';

// The runtime registry of active versions (Nest provider) — added by the service wiring.
export {
  PolicyRegistry,
  PolicySnapshot,
  UnknownRuleSetError,
  UnknownRuleVersionError,
  type Activation,
} from './policy-registry.service';
export { RulesModule } from './rules.module';
export { ShadowRegistry, NoShadowError, shadowFailureReason } from './rollout/shadow-registry';
export { PolicyFreshness } from './rollout/policy-freshness';
export { InstanceHeartbeat, SILENT_AFTER_S, type InstanceStatus } from './rollout/instance-heartbeat';
