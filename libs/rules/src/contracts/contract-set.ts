import type { RuleProblem } from '../rule-file.types';
import { contractProblems } from './check-contract';
import type { AnyContract } from './contract';

/** The Nest token of the contracts the running code has (a `ContractSet`). */
export const RULE_SET_CONTRACTS = Symbol('RULE_SET_CONTRACTS');

/**
 * The contracts of the code's rule sets, by name: the one hook through which publishing,
 * activation, rollback, the start-up bootstrap and the CLI check a version.
 */
export class ContractSet {
  private readonly byName: ReadonlyMap<string, AnyContract>;

  constructor(contracts: readonly AnyContract[]) {
    this.byName = new Map(contracts.map((c) => [c.ruleSet, c]));
  }

  get(ruleSet: string): AnyContract | undefined {
    return this.byName.get(ruleSet);
  }

  list(): AnyContract[] {
    return [...this.byName.values()].sort((a, b) => a.ruleSet.localeCompare(b.ruleSet));
  }

  /** Problems that keep a version out of the store: its contract's (a rule set the code does not use yet may be stored). */
  publishProblems(file: unknown): RuleProblem[] {
    const contract = this.get(ruleSetOf(file));
    return contract ? contractProblems(file, contract) : [];
  }

  /** Problems that keep a version out of service: its contract's, or that the code has no contract for it. */
  activationProblems(file: unknown): RuleProblem[] {
    const ruleSet = ruleSetOf(file);
    const contract = this.get(ruleSet);
    if (!contract)
      return [
        {
          path: '$.ruleSet',
          message: `the code has no contract for rule set "${ruleSet}" (it supplies no facts for it and reads no outcome), so no version of it can be activated`,
        },
      ];
    return contractProblems(file, contract);
  }
}

function ruleSetOf(file: unknown): string {
  const ruleSet = typeof file === 'object' && file !== null ? (file as { ruleSet?: unknown }).ruleSet : undefined;
  return typeof ruleSet === 'string' ? ruleSet : '';
}
