import { type DynamicModule, Module } from '@nestjs/common';
import { PlatformModule, type PlatformOptions } from '@pps/platform';
import { HealthController } from './health/health.controller';
import { ApiKeysController } from './keys/api-keys.controller';
import { MetricsController } from './metrics/metrics.controller';

/** The HTTP app: controllers only; the libs hold the logic. */
@Module({})
export class AppModule {
  static forRoot(options: PlatformOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [PlatformModule.forRoot(options)],
      controllers: [HealthController, MetricsController, ApiKeysController],
    };
  }
}
