// Organisations (the tenants): their name for mails and pages, the screening
// match threshold and whether TOTP is mandatory. The one reader and writer of
// the `organisations` table's settings.
import type { Knex } from 'knex';
import { DEFAULT_MATCH_THRESHOLD } from '../../domain/screening/score.ts';

export function createOrganisationRepository(knex: Knex) {
  return {
    /** The organisation's name, or null when there is no such organisation. */
    async name(orgId: string): Promise<string | null> {
      const row = (await knex('organisations').where({ id: orgId }).first('name')) as { name: string } | undefined;
      return row?.name ?? null;
    },

    /**
     * The screening match threshold in use for the organisation: its own setting,
     * else the default (also for platform staff, who belong to no organisation).
     * Case screening, ongoing monitoring and the search API all read it here.
     */
    async screeningThreshold(orgId: string | null): Promise<number> {
      if (!orgId) return DEFAULT_MATCH_THRESHOLD;
      const row = (await knex('organisations').where({ id: orgId }).first('screeningThreshold')) as { screeningThreshold: string | number | null } | undefined;
      return row?.screeningThreshold == null ? DEFAULT_MATCH_THRESHOLD : Number(row.screeningThreshold);
    },

    /** null: back to the default. */
    async setScreeningThreshold(orgId: string, threshold: number | null): Promise<void> {
      await knex('organisations').where({ id: orgId }).update({ screeningThreshold: threshold });
    },

    async requiresTotp(orgId: string | null): Promise<boolean> {
      if (!orgId) return false;
      const row = await knex('organisations').where({ id: orgId }).first('totpRequired');
      return row?.totpRequired === true;
    },

    async setTotpRequired(orgId: string, required: boolean): Promise<void> {
      await knex('organisations').where({ id: orgId }).update({ totpRequired: required });
    },
  };
}

export type OrganisationRepository = ReturnType<typeof createOrganisationRepository>;
