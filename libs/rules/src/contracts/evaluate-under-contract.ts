import type { CompiledRuleSet, Evaluation } from '../compile-rule-set';
import { FactValidationError } from '../rule-errors';
import { RuleContractViolationError } from '../rules.errors';
import type { JsonValue, RuleProblem } from '../rule-file.types';
import { matchesFactType } from '../validate-rule-file';
import { schemaViolations } from './check-contract';
import type { AnyContract, FactsOf, OutcomeOf, ParametersOf } from './contract';

export { RuleContractViolationError, type ContractViolationKind } from '../rules.errors';

/** Where the facts the server built break the contract (a server bug; each with its JSON path). */
export function factViolations(contract: AnyContract, facts: Readonly<Record<string, unknown>>): RuleProblem[] {
  const problems: RuleProblem[] = [];
  for (const [name, spec] of Object.entries(contract.facts)) {
    const v = facts[name];
    if (v === undefined) {
      if (!spec.optional) problems.push({ path: `$.facts.${name}`, message: 'is not supplied' });
    } else if (v === null) {
      if (!spec.optional)
        problems.push({ path: `$.facts.${name}`, message: 'is null, but the contract has it always known' });
    } else if (
      !matchesFactType(v, { type: spec.type, items: spec.items, values: spec.values ? [...spec.values] : undefined })
    )
      problems.push({ path: `$.facts.${name}`, message: `is not a valid ${spec.type}: ${JSON.stringify(v)}` });
  }
  for (const name of Object.keys(facts))
    if (!Object.prototype.hasOwnProperty.call(contract.facts, name))
      problems.push({ path: `$.facts.${name}`, message: 'is not a fact of the contract' });
  return problems;
}

/**
 * The facts to give one version: checked against the contract, then only those the version
 * declares (a version may use fewer facts than the code supplies).
 */
export function factsForVersion<C extends AnyContract>(
  contract: C,
  compiled: CompiledRuleSet,
  facts: FactsOf<C>,
): Record<string, JsonValue> {
  const all: Readonly<Record<string, unknown>> = facts;
  const problems = factViolations(contract, all);
  if (problems.length > 0) throw new RuleContractViolationError('facts', contract.ruleSet, compiled.version, problems);
  const given: Record<string, JsonValue> = {};
  for (const name of Object.keys(compiled.file.facts)) {
    // An optional fact left out is not known: null, as the engine reads it.
    if (Object.prototype.hasOwnProperty.call(contract.facts, name)) given[name] = toJson(all[name] ?? null);
  }
  return given;
}

function toJson(v: unknown): JsonValue {
  // The contract check above has shown it is a fact value: a string, number, boolean, null or a list of strings.
  if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (Array.isArray(v)) return v.map(toJson);
  throw new TypeError('a fact value is a JSON primitive or a list');
}

/** An evaluation and its outcome as the contract types it. */
export interface ContractEvaluation<C extends AnyContract> {
  evaluation: Evaluation;
  outcome: OutcomeOf<C>;
}

/**
 * Evaluates a version under its contract: the facts checked and narrowed to the version's, the
 * outcome checked against the contract's outcome schema. Any breach is a RuleContractViolationError.
 */
export function evaluateUnderContract<C extends AnyContract>(
  contract: C,
  compiled: CompiledRuleSet,
  facts: FactsOf<C>,
): ContractEvaluation<C> {
  const given = factsForVersion(contract, compiled, facts);
  let evaluation: Evaluation;
  try {
    evaluation = compiled.evaluate(given);
  } catch (e) {
    if (!(e instanceof FactValidationError)) throw e;
    // The server built these facts: a version that refuses them is not the client's fault.
    throw new RuleContractViolationError(
      'facts',
      contract.ruleSet,
      compiled.version,
      e.problems.map((p) => ({ path: `$.facts.${p.fact}`, message: p.message })),
    );
  }
  return { evaluation, outcome: outcomeUnderContract(contract, evaluation) };
}

/** The outcome of an evaluation, checked against and typed by the contract. */
export function outcomeUnderContract<C extends AnyContract>(contract: C, evaluation: Evaluation): OutcomeOf<C> {
  const { effect, value } = evaluation.outcome;
  const problems: RuleProblem[] = [];
  if (effect !== 'allow' && effect !== 'deny')
    problems.push({ path: '$.outcome.effect', message: 'must be allow or deny' });
  if (!contract.value) {
    if (value !== undefined)
      problems.push({ path: '$.outcome.value', message: `${contract.ruleSet} decides no value; the code reads none` });
  } else if (value !== undefined || effect === 'allow') {
    problems.push(...schemaViolations(contract.value.schema, value, '$.outcome.value', contract.ruleSet));
  }
  if (problems.length > 0)
    throw new RuleContractViolationError('outcome', contract.ruleSet, evaluation.version, problems);
  // Checked above against the very schema OutcomeOf<C> is derived from; TypeScript cannot follow a
  // runtime schema check into a conditional type, so this one line states it.
  return (value === undefined ? { effect } : { effect, value }) as OutcomeOf<C>;
}

/** The parameters the code reads, from the version the decision used, checked against the contract. */
export function parametersUnderContract<C extends AnyContract>(
  contract: C,
  compiled: CompiledRuleSet,
): ParametersOf<C> {
  const problems: RuleProblem[] = [];
  const out: Record<string, JsonValue> = {};
  for (const [name, spec] of Object.entries(contract.parameters)) {
    const declared = Object.prototype.hasOwnProperty.call(compiled.file.parameters, name)
      ? compiled.file.parameters[name]
      : undefined;
    if (!declared) problems.push({ path: `$.parameters.${name}`, message: 'is missing' });
    else if (
      declared.type !== spec.type ||
      // A `date` parameter (calendar.ts) is a YYYY-MM-DD string; the others are checked like facts.
      (spec.type === 'date'
        ? typeof declared.value !== 'string'
        : !matchesFactType(declared.value, { type: spec.type }))
    )
      problems.push({ path: `$.parameters.${name}`, message: `is not a valid ${spec.type}` });
    else out[name] = declared.value;
  }
  if (problems.length > 0)
    throw new RuleContractViolationError('parameters', contract.ruleSet, compiled.version, problems);
  // Each value was checked against the contract's parameter type above.
  return out as ParametersOf<C>;
}
