// clientnote serve: the web/API process (Koa under /api/v1, SvelteKit on /).
import { loadConfig } from '../../config/index.ts';
import { createLogger } from '../../config/logger.ts';
import { createKnex } from '../../db/knex.ts';
import { createApp } from '../../api/app.ts';
import { createWorkflowGateway } from '../../temporal/client/gateway.ts';
import { createAuditRecorder } from '../../api/audit-recorder.ts';
import { startMail, type MailSetup } from '../../api/mail-setup.ts';
import { createHttpServer, listen, loadWebHandler } from '../../api/server.ts';
import { assertSafeForProduction } from '../production-guard.ts';
import { untilShutdownSignal } from '../signals.ts';

export async function run(_args: string[]): Promise<number> {
  const config = loadConfig();
  const logger = createLogger(config, 'web');
  const knex = createKnex(config.database.appUrl);
  const workflows = await createWorkflowGateway(config);
  let mail: MailSetup | undefined;
  try {
    await assertSafeForProduction(config, knex);
    // SMTP_URL, or (not in production) the development mail sink in this process.
    mail = await startMail(config, knex);
    if (mail.devMailSink) logger.info({ smtpPort: mail.devMailSink.port }, 'development mail sink listening; read it on the Outbox page');
    const audit = createAuditRecorder(knex, { secret: config.secret });
    const { app, drain } = createApp({ config, knex, logger, workflows, audit, mailer: mail.mailer, ...(mail.devMailSink ? { devMailSink: mail.devMailSink } : {}) });
    const web = await loadWebHandler();
    if (!web) logger.warn('web/build is missing: serving the API only (run `npm run build`)');
    const server = createHttpServer(app, web, { network: config.network, strictTransportSecurity: config.env === 'production' });
    try {
      await listen(server, config.port);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
        throw new Error(`port ${config.port} is already in use. Stop the other process or choose another port with PORT=<port>.`, { cause: error });
      }
      throw error;
    }
    logger.info({ port: config.port }, 'web/API listening');
    await untilShutdownSignal();
    logger.info('shutting down web/API');
    await new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    await drain();
    return 0;
  } finally {
    await mail?.close().catch(() => {});
    await workflows.close().catch(() => {});
    await knex.destroy();
  }
}
