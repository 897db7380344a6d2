// Login throttling on Postgres (rate-limiter-flexible, table login_throttle):
// - per account: 5 failures in 15 minutes lock it; each further lock within a
//   day doubles the lock (1, 2, 4 … minutes, at most 24 hours);
// - per IP address: 100 failed logins (and password-reset requests) in 15 minutes.
//   Successful logins are not counted: one office behind one address must not lock
//   itself out by logging in (the address is api/auth/client-ip.ts's, never a header
//   the caller picked).
// Unknown e-mail addresses are counted like known ones, so the answers never
// tell whether an account exists. A success clears the account's failures.
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import type { Knex } from '../../db/knex.ts';
import { ApiError } from '../errors.ts';

export const ACCOUNT_FAILURES = 5;
export const ACCOUNT_WINDOW_S = 15 * 60;
export const IP_ATTEMPTS = 100;
export const IP_WINDOW_S = 15 * 60;
export const FIRST_LOCK_S = 60;
export const MAX_LOCK_S = 24 * 60 * 60;
/** Password-reset mails per account per hour: more would let anyone flood an inbox. */
export const RESET_MAILS_PER_HOUR = 3;

/** The lock after the n-th lockout (1-based): doubling from one minute. */
export function lockSeconds(lockouts: number): number {
  return Math.min(MAX_LOCK_S, FIRST_LOCK_S * 2 ** Math.max(0, lockouts - 1));
}

const accountKey = (email: string) => email.trim().toLowerCase().normalize('NFKC').slice(0, 320);

export function createLoginThrottle(knex: Knex) {
  // The table comes from a migration; rows expired an hour ago are swept hourly (an unref'd timer).
  const common = { storeClient: knex, storeType: 'knex', tableName: 'login_throttle', tableCreated: true } as const;
  const failures = new RateLimiterPostgres({ ...common, keyPrefix: 'acct', points: ACCOUNT_FAILURES, duration: ACCOUNT_WINDOW_S });
  const lockouts = new RateLimiterPostgres({ ...common, keyPrefix: 'lock', points: 1000, duration: MAX_LOCK_S });
  const ips = new RateLimiterPostgres({ ...common, keyPrefix: 'ip', points: IP_ATTEMPTS, duration: IP_WINDOW_S });
  const resets = new RateLimiterPostgres({ ...common, keyPrefix: 'reset', points: RESET_MAILS_PER_HOUR, duration: 60 * 60 });

  const refuse = (ms: number): ApiError => {
    const seconds = Math.max(1, Math.ceil(ms / 1000));
    return new ApiError(429, 'rate_limited', `Too many login attempts. Try again in ${seconds} seconds.`, undefined, { headers: { 'retry-after': String(seconds) } });
  };

  return {
    /**
     * Before checking a password: refuse when the IP or the account is locked. Counts
     * nothing; answers whether the account has failures on record (so a success knows
     * whether to clear them).
     */
    async before(ip: string, email: string): Promise<{ hadFailures: boolean }> {
      const [account, lock, fromIp] = await Promise.all([failures.get(accountKey(email)), lockouts.get(accountKey(email)), ips.get(ip)]);
      if (fromIp && fromIp.consumedPoints >= IP_ATTEMPTS && fromIp.msBeforeNext > 0) throw refuse(fromIp.msBeforeNext);
      if (account && account.consumedPoints >= ACCOUNT_FAILURES && account.msBeforeNext > 0) throw refuse(account.msBeforeNext);
      return { hadFailures: Boolean(account || lock) };
    },
    /** A wrong password or code: counted against the account and the IP address. */
    async failed(ip: string, email: string): Promise<void> {
      const key = accountKey(email);
      await ips.penalty(ip, 1);
      const res = await failures.penalty(key, 1);
      if (res.consumedPoints === ACCOUNT_FAILURES) {
        const locks = await lockouts.penalty(key, 1);
        await failures.block(key, lockSeconds(locks.consumedPoints));
      }
    },
    /** A request that has no success to wait for (a password-reset mail): counted against the IP address. */
    async counted(ip: string): Promise<void> {
      await ips.penalty(ip, 1);
    },
    /** May another reset mail go to this account? (The caller answers the same either way.) */
    async resetMailAllowed(email: string): Promise<boolean> {
      try {
        await resets.consume(accountKey(email));
        return true;
      } catch (error) {
        if (error instanceof RateLimiterRes) return false;
        throw error;
      }
    },
    async succeeded(email: string): Promise<void> {
      const key = accountKey(email);
      await failures.delete(key);
      await lockouts.delete(key);
    },
  };
}

export type LoginThrottle = ReturnType<typeof createLoginThrottle>;
