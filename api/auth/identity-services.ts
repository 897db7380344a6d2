// The identity parts the auth, users, tokens and audit routes share, built once
// per app from its deps: repositories, the session service, the login throttle,
// the mailer, the audit recorder and the work done after a response.
import type { ApiDeps } from '../deps.ts';
import { createSessionRepository } from '../../db/repositories/sessions.ts';
import { createUserRepository } from '../../db/repositories/users.ts';
import { createApiTokenRepository } from '../../db/repositories/api-tokens.ts';
import { createInvitationRepository } from '../../db/repositories/invitations.ts';
import { createPasswordResetRepository } from '../../db/repositories/password-resets.ts';
import { createRecoveryCodeRepository } from '../../db/repositories/recovery-codes.ts';
import { createAuditRepository } from '../../db/repositories/audit.ts';
import { createOrganisationRepository } from '../../db/repositories/organisations.ts';
import { createSessionService } from './sessions.ts';
import { createLoginThrottle } from './login-throttle.ts';
import type { AfterResponse } from '../after-response.ts';

export function createIdentityServices(deps: ApiDeps, afterResponse: AfterResponse) {
  const users = createUserRepository(deps.knex);
  const sessions = createSessionService({
    sessions: createSessionRepository(deps.knex),
    users,
    secureCookies: deps.config.env === 'production',
    ...(deps.now ? { now: deps.now } : {}),
  });
  return {
    users,
    organisations: createOrganisationRepository(deps.knex),
    sessions,
    throttle: createLoginThrottle(deps.knex),
    tokens: createApiTokenRepository(deps.knex),
    invitations: createInvitationRepository(deps.knex),
    resets: createPasswordResetRepository(deps.knex),
    recovery: createRecoveryCodeRepository(deps.knex),
    auditLog: createAuditRepository(deps.knex, { secret: deps.config.secret, ...(deps.now ? { now: deps.now } : {}) }),
    now: deps.now ?? (() => new Date()),
    afterResponse,
  };
}

export type IdentityServices = ReturnType<typeof createIdentityServices>;
