import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { LogController } from 'fastify';
import type { Logger } from 'pino';
import { limitWebSocketMessages } from '../api/websocket-message-limit';
import { Config } from '../config';
import { createLogger } from '../operations/logger';
import { collectProcessMetrics } from '../common/metrics';
import { PinoNestLogger } from '../operations/nest-logger';
import { limitRates, limitUpgrades } from '../operations/rate-limit';
import { SESSION_PREFIX } from '../auth/session/session.service';
import { requestIdOf } from '../operations/request-id';
import { logRequests } from '../operations/request-log';
import { trimWhenIdle } from '../operations/memory-trim';
import { secureHeaders } from '../operations/security-headers';
import { SystemClock } from '../common/clock';
import { releaseKeptEmail } from '../notifications/notifications';
import { AppModule } from './app.module';
import { openRuntime, Runtime } from './runtime';
import type { LoadedDefinition } from '../workflows/loaded-definition';
import { serveWebApp } from '../web/static-site';

export interface Server {
  app: NestFastifyApplication;
  runtime: Runtime;
  url: string;
  logger: Logger;
  close(): Promise<void>;
}

/**
 * Starts Conventio: definitions, database, migrations, the GraphQL endpoint, then fires the
 * deadlines that fell due while it was down, and keeps looking for due ones on an interval.
 */
export async function startServer(
  config: Config,
  {
    logger = createLogger(config.logLevel),
    definitions,
  }: {
    logger?: Logger;
    /** The definitions being loaded already (main.ts starts that before loading this module). */
    definitions?: Promise<LoadedDefinition[]>;
  } = {},
): Promise<Server> {
  const runtime = await openRuntime(config, definitions);
  const adapter = new FastifyAdapter({
    loggerInstance: logger,
    genReqId: requestIdOf,
    // One line per request, written by logRequests with what Fastify does not know.
    logController: new LogController({ disableRequestLogging: true, requestIdLogLabel: 'requestId' }),
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRuntime(runtime), adapter, {
    logger: new PinoNestLogger(logger),
  });
  const fastify = app.getHttpAdapter().getInstance();
  collectProcessMetrics();
  logRequests(fastify);
  const memoryTrim = trimWhenIdle(fastify, config.memoryTrimQuietSeconds, logger);
  secureHeaders(fastify, '/graphql');
  const limiter = await limitRates(fastify, config, (secret) =>
    secret.startsWith(SESSION_PREFIX)
      ? runtime.sessions.actorOf(secret)
      : runtime.tokens.authenticate(runtime.db.read, secret),
  );
  await serveWebApp(fastify);
  await app.init();
  limitWebSocketMessages(app);
  limitUpgrades(app.getHttpServer(), limiter);
  await app.listen(config.port, config.host);
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const fail = (what: string) => (error: unknown) => logger.error({ err: error }, what);
  await runtime.scheduler.fireDue();
  await releaseKeptEmail(runtime.db, config, new SystemClock());
  const dispatch = () => {
    runtime.notifications.dispatcher.tick().catch(fail('dispatcher'));
  };
  dispatch();
  const dispatcher = setInterval(dispatch, config.dispatchIntervalMs);
  await runtime.log.publishIfGrown().catch(fail('checkpoints'));
  const timer = setInterval(() => {
    runtime.scheduler.fireDue().catch(fail('scheduler'));
  }, config.schedulerIntervalMs);
  const checkpoints = setInterval(() => {
    runtime.log.publishIfGrown().catch(fail('checkpoints'));
  }, config.checkpointIntervalMs);
  timer.unref();
  checkpoints.unref();
  dispatcher.unref();
  return {
    app,
    runtime,
    url: `http://${config.host}:${port}/graphql`,
    logger,
    async close() {
      clearInterval(timer);
      clearInterval(checkpoints);
      clearInterval(dispatcher);
      memoryTrim.stop();
      await app.close();
      await runtime.notifications.dispatcher.idle();
      await runtime.close();
    },
  };
}
