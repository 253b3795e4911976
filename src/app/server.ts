import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { SystemClock } from '../common/clock';
import { Config } from '../config';
import { releaseKeptEmail } from '../notifications/notifications';
import { AppModule } from './app.module';
import { openRuntime, Runtime } from './runtime';

export interface Server {
  app: NestFastifyApplication;
  runtime: Runtime;
  url: string;
  close(): Promise<void>;
}

/**
 * Starts Conventio: definitions, database, migrations, the GraphQL endpoint, then fires the
 * deadlines that fell due while it was down, and keeps looking for due ones on an interval.
 */
export async function startServer(config: Config): Promise<Server> {
  const runtime = await openRuntime(config);
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRuntime(runtime),
    new FastifyAdapter(),
    { logger: ['error', 'warn'] },
  );
  await app.listen(config.port, config.host);
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  await runtime.scheduler.fireDue();
  await releaseKeptEmail(runtime.db, config, new SystemClock());
  const dispatch = () => {
    runtime.notifications.dispatcher.tick().catch((error: unknown) => console.error('dispatcher:', error));
  };
  dispatch();
  const dispatcher = setInterval(dispatch, config.dispatchIntervalMs);
  await runtime.log.publishIfGrown().catch((error: unknown) => console.error('checkpoints:', error));
  const timer = setInterval(() => {
    runtime.scheduler.fireDue().catch((error: unknown) => console.error('scheduler:', error));
  }, config.schedulerIntervalMs);
  const checkpoints = setInterval(() => {
    runtime.log.publishIfGrown().catch((error: unknown) => console.error('checkpoints:', error));
  }, config.checkpointIntervalMs);
  timer.unref();
  checkpoints.unref();
  dispatcher.unref();
  return {
    app,
    runtime,
    url: `http://${config.host}:${port}/graphql`,
    async close() {
      clearInterval(timer);
      clearInterval(checkpoints);
      clearInterval(dispatcher);
      await app.close();
      await runtime.notifications.dispatcher.idle();
      await runtime.close();
    },
  };
}
