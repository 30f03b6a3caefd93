import { Module, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { defaultConsoleDir, registerConsoleRoutes } from './console-routes';

/**
 * The web console (apps/console, built into dist/console) at `/console`: public static files,
 * registered on fastify directly so that Nest's auth guard, which protects every `/v1` route, is
 * not involved at all (see `registerConsoleRoutes`).
 */
@Module({})
export class ConsoleModule implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  async onModuleInit(): Promise<void> {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    await registerConsoleRoutes(fastify, defaultConsoleDir());
  }
}
