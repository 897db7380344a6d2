// The company registry port: what a case needs to know about a company from an
// official register (CVR in Denmark). Providers (offline demo, CVR HTTP) return
// this shape; nothing outside providers/registry knows the register's own format.

/** A share band as fractions of 1: CVR publishes bands, not exact shares. */
export interface ShareBand { low: number; high: number }

export const PARTICIPANT_ROLES = ['director', 'board_chair', 'board_member', 'legal_owner', 'beneficial_owner', 'fully_liable', 'founder'] as const;
export type ParticipantRole = (typeof PARTICIPANT_ROLES)[number];

export interface Holding {
  share: ShareBand | null;
  voting: ShareBand | null;
  validFrom: string | null;
  validTo: string | null;
}

export interface RegistryParticipant {
  /** The register's own id for the participant (CVR enhedsNummer). */
  registryId: string;
  kind: 'person' | 'company';
  name: string;
  /** ISO2, when the register knows it. */
  country: string | null;
  /** Set for Danish companies, whose owners can be looked up in turn. */
  cvr: string | null;
  /** Never published by CVR for persons; the offline demo sets it so screening can use it. */
  birthDate: string | null;
  roles: ParticipantRole[];
  /** Legal ownership (EJERREGISTER). */
  ownership: Holding | null;
  /** Registered beneficial ownership ("Reelle ejere"). */
  beneficialOwnership: Holding | null;
}

export interface CompanyFacts {
  cvr: string;
  name: string;
  legalForm: string | null;
  status: string | null;
  /** ISO2 country of registration. */
  country: string;
  address: string | null;
  industry: { code: string; text: string } | null;
  foundedOn: string | null;
  participants: RegistryParticipant[];
  source: 'demo' | 'cvr';
}

export interface CompanyRegistry {
  /** The company, or null when the register does not know the number. Throws RegistryUnavailableError. */
  lookup(cvr: string): Promise<CompanyFacts | null>;
}

/** The register did not answer, timed out, or answered something we cannot read. Worth retrying. */
export class RegistryUnavailableError extends Error {
  override name = 'RegistryUnavailableError';
  constructor(readonly reason: 'timeout' | 'unreachable' | 'http_error' | 'garbage', message: string, options?: ErrorOptions) {
    super(message, options);
  }
}
