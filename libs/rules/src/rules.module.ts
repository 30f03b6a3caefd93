import { Module, type OnApplicationBootstrap, type OnModuleInit } from '@nestjs/common';
import { PolicyRegistry } from './policy-registry.service';

/** The rule versions of this process: loaded from the store (and `rules/`) at start, kept in step after. */
@Module({ providers: [PolicyRegistry], exports: [PolicyRegistry] })
export class RulesModule implements OnModuleInit, OnApplicationBootstrap {
  constructor(private readonly registry: PolicyRegistry) {}

  async onModuleInit(): Promise<void> {
    await this.registry.loadFromDirectory();
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.registry.startListening();
  }
}
