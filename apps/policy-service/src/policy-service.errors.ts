import { CatalogueError, PLATFORM_ERROR } from '@pps/platform';

/**
 * The service app's own wordings of platform codes (the app defines no code of its own: PPS.0404
 * and PPS.0503 are the platform's, in libs/platform/src/errors/platform.errors.ts).
 */

/** PPS.0404 under /console when dist/console is missing. */
export class ConsoleNotBuiltError extends CatalogueError {
  constructor() {
    super(PLATFORM_ERROR.notFound, {
      messages: {
        zh: '控制台尚未构建：请运行 npm run build（或 npm run build:console）',
        en: 'The console is not built: run `npm run build` (or `npm run build:console`)',
      },
    });
  }
}

/** PPS.0503 from /health when an indicator is down; `why` names each (e.g. the rule versions are stale). */
export class NotReadyError extends CatalogueError {
  constructor(why: string, details: unknown) {
    super(PLATFORM_ERROR.unavailable, {
      messages: { zh: '服务未就绪: {why}', en: 'Not ready: {whyEn}' },
      params: { why, whyEn: why || 'a check is down' },
      details,
    });
  }
}
