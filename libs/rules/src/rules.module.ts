import { Module, type OnModuleInit } from '@nestjs/common';
import { PolicyRegistry } from './policy-registry.service';

/** The rule versions of this process; loaded from `rules/` when the app starts. */
@Module({ providers: [PolicyRegistry], exports: [PolicyRegistry] })
export class RulesModule implements OnModuleInit {
  constructor(private readonly registry: PolicyRegistry) {}

  async onModuleInit(): Promise<void> {
    await this.registry.loadFromDirectory();
  }
}
