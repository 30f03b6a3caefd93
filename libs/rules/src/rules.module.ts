import { type DynamicModule, Module, type OnApplicationBootstrap, type OnModuleInit } from '@nestjs/common';
import { ContractSet, RULE_SET_CONTRACTS } from './contracts/contract-set';
import { PolicyRegistry } from './policy-registry.service';

/**
 * The rule versions of this process: loaded from the store (and `rules/`) at start, kept in step
 * after. `register` hands it the code's contracts, against which every version is checked.
 */
@Module({})
export class RulesModule implements OnModuleInit, OnApplicationBootstrap {
  constructor(private readonly registry: PolicyRegistry) {}

  static register(contracts: ContractSet): DynamicModule {
    return {
      module: RulesModule,
      providers: [{ provide: RULE_SET_CONTRACTS, useValue: contracts }, PolicyRegistry],
      exports: [PolicyRegistry, RULE_SET_CONTRACTS],
    };
  }

  async onModuleInit(): Promise<void> {
    await this.registry.loadFromDirectory();
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.registry.startListening();
  }
}
