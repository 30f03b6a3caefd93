/**
 * What other code uses of the rules library: rule files and the engine (the whole of it is
 * `@pps/rules/files`, which loads neither NestJS nor pg), the version store, the registry (a facade
 * over the version store, the activation service and the policy listener) and the safe-rollout
 * parts, and the library's errors. Everything outside this lib imports it through this file or
 * `@pps/rules/files`.
 */

// ---- rule files and the engine (also `@pps/rules/files`, which loads neither NestJS nor pg) ----
export {
  type FactDeclaration,
  type JsonValue,
  type Reason,
  type RuleFile,
  type RuleProblem,
  canonicalJson,
  sha256OfCanonicalJson,
  parseRuleFileText,
  loadRuleFile,
  loadRulesDir,
  validateRuleFile,
  RULE_FILE_LIMITS,
  RULE_FILE_SCHEMA,
  DEFAULT_TIME_ZONE,
  compileRuleSet,
  type CompiledRuleSet,
  type ConditionNodeResult,
  type Evaluation,
  type Outcome,
  type RuleResult,
  FactValidationError,
  RuleFileInvalidError,
  runEmbeddedTestsWith,
  embeddedTestFacts,
  diffRuleFiles,
  type RuleFileDiff,
  checkRefundCoverage,
  createReferenceEngine,
  evaluateWithReferenceEngine,
} from './files';

// ---- contracts between rule sets and the code (facts supplied, outcome understood, parameters read) ----
export {
  type FactSpec,
  type FactsOf,
  type ParametersOf,
  type AnyContract,
  type OutcomeOf,
  contractJsonSchema,
  contractProblems,
  RuleContractViolationError,
  evaluateUnderContract,
  parametersUnderContract,
  editorSchemaPath,
  editorSchemaText,
} from './files';

// ---- rule work off the event loop ----
export { compileDraft, declaredFacts } from './publish-check';
export { type BatchEvaluation } from './rule-work';

// ---- the runtime rule versions (Nest providers) ----
// The errors (rules.errors.ts), each with its code: the catalogue of what the library answers.
export { UnknownRuleSetError, NoPreviousVersionError, NoShadowError } from './rules.errors';
export { VersionStore } from './versions/version-store';
export { type Activation } from './activation/rule-activations.repository';
export { PolicySnapshot } from './policy-snapshot';
export { PolicyRegistry } from './policy-registry.service';
export { RulesModule } from './rules.module';
export { ShadowRegistry, shadowFailureReason } from './rollout/shadow-registry';
export { PolicyFreshness } from './rollout/policy-freshness';
export { InstanceHeartbeat, SILENT_AFTER_S, type InstanceStatus } from './rollout/instance-heartbeat';
