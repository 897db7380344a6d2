// createApp(deps): the Koa application behind /api/v1. Middleware, each with one
// concern, in order: the caller's address (forwarded headers only from trusted
// proxies or signed by the web app), request id and log line, errors, security headers, CORS for
// the codec endpoint, body limits, Bearer token or session (with CSRF), the
// mandatory-TOTP gate, then the declared routes.
import Koa from 'koa';
import { Router } from '@koa/router';
import { bodyParser } from '@koa/bodyparser';
import helmet from 'koa-helmet';
import type { ApiDeps } from './deps.ts';
import { errorMiddleware } from './errors.ts';
import { createAfterResponse } from './after-response.ts';
import { requestContext } from './request-context.ts';
import { createIdentityServices } from './auth/identity-services.ts';
import { bearerMiddleware } from './auth/bearer.ts';
import { clientAddressMiddleware } from './auth/client-ip.ts';
import { totpGate } from './auth/totp-gate.ts';
import { mountRoutes, type AnyRoute } from './routes/define.ts';
import { healthRoutes } from './routes/health.ts';
import { authRoutes } from './routes/auth.ts';
import { caseRoutes } from './routes/cases.ts';
import { caseReportRoutes } from './routes/case-report.ts';
import { caseFileRoutes } from './routes/case-file.ts';
import { caseInboxRoutes } from './routes/case-inbox.ts';
import { documentRoutes } from './routes/documents.ts';
import { privacyRoutes } from './routes/privacy.ts';
import { dsrRoutes } from './routes/dsr.ts';
import { dsrForwardedRoutes } from './routes/dsr-forwarded.ts';
import { holdRoutes } from './routes/holds.ts';
import { retentionRoutes } from './routes/retention.ts';
import { userRoutes } from './routes/users.ts';
import { tokenRoutes } from './routes/tokens.ts';
import { auditRoutes } from './routes/audit.ts';
import { outboxRoutes } from './routes/outbox.ts';
import { screeningRoutes } from './routes/screening.ts';
import { codecCors, temporalCodecRoutes, CODEC_PATH_PREFIX } from './routes/temporal-codec.ts';
import { buildOpenApiDocument } from './openapi.ts';
import { workflowRoutes } from './routes/workflows.ts';

export const API_PREFIX = '/api/v1';
export const JSON_BODY_LIMIT = '256kb';

export interface ApiApp {
  app: Koa;
  routes: readonly AnyRoute[];
  /** Wait for work started after responses (password-reset mails) before closing the pool. */
  drain(): Promise<void>;
}

export function createApp(deps: ApiDeps): ApiApp {
  const afterResponse = createAfterResponse(deps.logger);
  const identity = createIdentityServices(deps, afterResponse);
  const { sessions } = identity;

  const routes: AnyRoute[] = [
    ...healthRoutes(deps),
    ...authRoutes(deps, identity),
    ...userRoutes(deps, identity),
    ...tokenRoutes(deps, identity),
    ...auditRoutes(deps, identity),
    ...outboxRoutes(deps),
    ...caseRoutes(deps),
    ...caseFileRoutes(deps),
    ...caseReportRoutes(deps),
    ...caseInboxRoutes(deps),
    ...documentRoutes(deps),
    ...screeningRoutes(deps),
    ...privacyRoutes(deps),
    ...dsrForwardedRoutes(deps),
    ...dsrRoutes(deps),
    ...holdRoutes(deps),
    ...retentionRoutes(deps),
    ...temporalCodecRoutes(deps),
    ...workflowRoutes(deps),
  ];
  const openapi = buildOpenApiDocument(routes);

  const router = new Router({ prefix: API_PREFIX });
  router.get('/openapi.json', (ctx) => {
    ctx.body = openapi;
  });
  mountRoutes(router, routes);

  // Forwarded headers reach Koa only from a trusted proxy (clientAddressMiddleware removes them otherwise).
  const app = new Koa({ proxy: deps.config.network.trustedProxies.length > 0 });
  app.use(clientAddressMiddleware(deps.config.network));
  app.use(requestContext(deps.logger));
  app.use(errorMiddleware());
  // HSTS in production only, and on every response: api/server.ts sets it for pages and API alike.
  app.use(helmet({ strictTransportSecurity: deps.config.env === 'production' ? { maxAge: 31_536_000, includeSubDomains: true } : false }));
  app.use(codecCors([`http://localhost:${deps.config.temporal.uiPort}`, `http://127.0.0.1:${deps.config.temporal.uiPort}`]));
  app.use(bodyParser({ enableTypes: ['json'], jsonLimit: JSON_BODY_LIMIT, encoding: 'utf-8' }));
  app.use(bearerMiddleware({ tokens: identity.tokens, users: identity.users, ...(deps.now ? { now: deps.now } : {}) }));
  app.use(sessions.middleware({ csrfExemptPrefixes: [CODEC_PATH_PREFIX] }));
  app.use(totpGate(API_PREFIX));
  app.use(router.routes());
  app.use(router.allowedMethods({ throw: false }));
  return { app, routes, drain: () => afterResponse.drain() };
}
