// The personal-data registry: every table that holds personal data registers here,
// with how its rows lead to a subject, which columns are personal, its retention
// class, who controls it and what erasure does. Discovery, export and erasure
// (db/repositories/personal-data.ts) walk this list, so a new table cannot be
// forgotten; db/personal-data-registry.test.ts fails when a column that looks
// personal is in no entry (nor in NOT_PERSONAL with a reason).

export const RETENTION_CLASSES = [
  'user_account', 'session', 'security_credential', 'security_throttle', 'invitation', 'audit_trail', 'mail_log',
  'dsr_record', 'dsr_export', 'case_data', 'screening_list', 'legal_hold', 'erasure_record',
] as const;
export type RetentionClass = (typeof RETENTION_CLASSES)[number];

/** How a row leads to the subject. Values are found from the subject's e-mail address. */
export type SubjectLink =
  /** The column holds the subject's e-mail address (compared lower-cased). */
  | { kind: 'email'; column: string }
  /** The column holds the id of the subject's user account (found through `users`). */
  | { kind: 'user'; column: string }
  /** The column holds `<prefix>:<address>` keys (rate-limiter rows). */
  | { kind: 'prefixed_email'; column: string; prefixes: readonly string[] }
  /** The column holds the id of one of the subject's earlier data-subject requests. */
  | { kind: 'request'; column: string }
  /** The column holds the keyed hash of the subject's address (api/dsr-email-key.ts), never the address. */
  | { kind: 'email_key'; column: string }
  /** Customer case data: the customer organisation is the controller; requests are routed to it, not discovered here. */
  | { kind: 'controller_routed' }
  /** Copies of public sources (sanctions and PEP lists): about listed persons, never linked to a requester's address. */
  | { kind: 'public_source' }
  /** Records the law forbids disclosing to the subject (tipping-off, hvidvaskloven § 38): never discovered for a request. */
  | { kind: 'withheld'; reason: string };

export interface RegistryEntry {
  table: string;
  /** SQL expression giving a stable key of a row (its primary key as text). */
  rowKey: string;
  subject: SubjectLink;
  personalColumns: readonly string[];
  retentionClass: RetentionClass;
  controller: 'clientnote' | 'customer';
  /**
   * What erasure does: delete the row, anonymise it (column → SQL value, keeping
   * foreign keys intact), or retain it (with the legal basis shown to staff).
   */
  erasure: { kind: 'delete' } | { kind: 'anonymise'; set: Readonly<Record<string, string>> } | { kind: 'retain'; basis: string };
}

/** Case tables whose primary key is not `id`. */
const CASE_TABLE_KEYS: Readonly<Record<string, string>> = {
  case_sections: "case_id::text || ':' || key", case_relationships: 'case_id::text', case_party_verifications: 'party_id::text',
};

export const PERSONAL_DATA_REGISTRY: readonly RegistryEntry[] = [
  {
    table: 'users', rowKey: 'id::text', subject: { kind: 'email', column: 'email' },
    personalColumns: ['email', 'name', 'password_hash', 'totp_secret'], retentionClass: 'user_account', controller: 'clientnote',
    // Cases and audit events point at users: anonymise instead of deleting, so those references stay valid.
    erasure: {
      kind: 'anonymise',
      set: {
        email: "'erased-' || id::text || '@erased.invalid'", name: "'Erased user'", password_hash: 'null', totp_secret: 'null', totp_enabled_at: 'null', active: 'false',
        // An erased account stays erased: no administrator can reactivate it (api/routes/users.ts).
        erased_at: 'coalesce(erased_at, now())',
      },
    },
  },
  { table: 'sessions', rowKey: 'id::text', subject: { kind: 'user', column: 'user_id' }, personalColumns: ['user_id'], retentionClass: 'session', controller: 'clientnote', erasure: { kind: 'delete' } },
  { table: 'user_roles', rowKey: "user_id::text || ':' || role", subject: { kind: 'user', column: 'user_id' }, personalColumns: ['user_id'], retentionClass: 'user_account', controller: 'clientnote', erasure: { kind: 'delete' } },
  { table: 'password_resets', rowKey: 'id::text', subject: { kind: 'user', column: 'user_id' }, personalColumns: ['user_id'], retentionClass: 'security_credential', controller: 'clientnote', erasure: { kind: 'delete' } },
  { table: 'recovery_codes', rowKey: 'id::text', subject: { kind: 'user', column: 'user_id' }, personalColumns: ['user_id'], retentionClass: 'security_credential', controller: 'clientnote', erasure: { kind: 'delete' } },
  { table: 'invitations', rowKey: 'id::text', subject: { kind: 'email', column: 'email' }, personalColumns: ['email'], retentionClass: 'invitation', controller: 'clientnote', erasure: { kind: 'delete' } },
  {
    table: 'login_throttle', rowKey: 'key', subject: { kind: 'prefixed_email', column: 'key', prefixes: ['acct', 'lock'] },
    personalColumns: ['key'], retentionClass: 'security_throttle', controller: 'clientnote', erasure: { kind: 'delete' },
  },
  {
    table: 'api_tokens', rowKey: 'id::text', subject: { kind: 'user', column: 'created_by' }, personalColumns: ['name', 'created_by'],
    retentionClass: 'security_credential', controller: 'clientnote',
    // The token outlives no one: an erased creator's tokens are revoked in the same statement.
    erasure: { kind: 'anonymise', set: { created_by: 'null', revoked_at: 'coalesce(revoked_at, now())' } },
  },
  {
    table: 'audit_events', rowKey: 'id::text', subject: { kind: 'user', column: 'actor_user_id' }, personalColumns: ['actor_user_id'],
    retentionClass: 'audit_trail', controller: 'clientnote',
    erasure: { kind: 'retain', basis: 'audit trail (ids only, append-only, kept for its retention period; GDPR Art. 17(3)(b), bogføringsloven/hvidvaskloven record keeping)' },
  },
  {
    table: 'mail_log', rowKey: 'id::text', subject: { kind: 'user', column: 'recipient_user_id' }, personalColumns: ['recipient_user_id'],
    retentionClass: 'mail_log', controller: 'clientnote', erasure: { kind: 'anonymise', set: { recipient_user_id: 'null' } },
  },
  {
    table: 'dsr_requests', rowKey: 'id::text', subject: { kind: 'email', column: 'requester_email' },
    personalColumns: ['requester_name', 'requester_email', 'email_key', 'description'], retentionClass: 'dsr_record', controller: 'clientnote',
    erasure: { kind: 'retain', basis: 'record of the data-subject request and its answer (GDPR Art. 5(2) accountability), kept for the closed-DSR retention period' },
  },
  {
    table: 'dsr_events', rowKey: 'id::text', subject: { kind: 'request', column: 'request_id' }, personalColumns: ['note'],
    retentionClass: 'dsr_record', controller: 'clientnote',
    erasure: { kind: 'retain', basis: 'record of the data-subject request and its answer (GDPR Art. 5(2) accountability)' },
  },
  {
    table: 'dsr_exports', rowKey: 'request_id::text', subject: { kind: 'request', column: 'request_id' }, personalColumns: ['content'],
    retentionClass: 'dsr_export', controller: 'clientnote', erasure: { kind: 'delete' },
  },
  // A user's saved inbox views: the names they chose for their own filter sets.
  {
    table: 'case_saved_views', rowKey: 'id::text', subject: { kind: 'user', column: 'user_id' }, personalColumns: ['user_id', 'name', 'filters'],
    retentionClass: 'user_account', controller: 'clientnote', erasure: { kind: 'delete' },
  },
  // Customer case data (issue 5's tables): routed to the controller organisation, which decides.
  ...([
    ['cases', ['client_name', 'client_facts', 'ubo_fallback_reason', 'risk_override', 'decline_reason']],
    ['case_parties', ['name', 'birth_date', 'country', 'cvr', 'ubo', 'nationality', 'address', 'cpr_sealed', 'registry_values', 'correction_reason']],
    // How each person was verified (method, the document it rests on, a described source).
    ['case_party_verifications', ['description']],
    // Purpose and nature of the business relationship, expected activity, sources of funds and wealth (free text).
    ['case_relationships', ['purpose', 'nature', 'expected_activity', 'source_of_funds', 'source_of_wealth']],
    // Asset freezes notified to the authorities (their reference); reports of suspicion are under their investigation.
    ['case_authority_reports', ['reference']],
    ['case_ownerships', []],
    ['case_hits', ['listed_name', 'primary_name', 'reason', 'entity', 'explanation']],
    ['case_sections', ['text']],
    // Every draft (template or AI) and every handler's edit of a section; what was sent to an AI provider is kept only as a hash.
    ['case_section_versions', ['text']],
    ['case_approvals', ['comment']],
    // Documents: the sanitised file name and a rejection reason here; the file itself is encrypted in DOCUMENT_STORAGE under storage_key.
    ['case_documents', ['name', 'decision_reason', 'storage_key']],
    // Requests to the client: the address the link went to and what was asked for (the token is kept only as a hash).
    ['document_requests', ['recipient_email', 'description']],
    // Internal notes of the organisation's handlers and reviewers (free text; audit events name the note by id only).
    ['case_notes', ['body']],
  ] as const).map(([table, personalColumns]): RegistryEntry => ({
    table, rowKey: CASE_TABLE_KEYS[table] ?? 'id::text', subject: { kind: 'controller_routed' }, personalColumns, retentionClass: 'case_data', controller: 'customer',
    erasure: { kind: 'retain', basis: 'customer case data: the customer organisation is the controller and decides; AML records are kept 5 years after the relationship ends (hvidvaskloven § 30)' },
  })),
  // Investigations of a suspicion (§§ 25–26): never told to the subject or anyone else (§ 38 tipping-off),
  // so discovery withholds them and erasure keeps them under their legal hold of kind `investigation`.
  {
    table: 'case_investigations', rowKey: 'id::text', subject: { kind: 'withheld', reason: 'an investigation of a suspicion is never disclosed (hvidvaskloven § 38)' },
    personalColumns: ['note'], retentionClass: 'case_data', controller: 'customer',
    erasure: { kind: 'retain', basis: 'hvidvaskloven §§ 25–26 and 30: the record of an investigation is kept, under a legal hold of kind investigation' },
  },
  {
    table: 'dsr_routed_parts', rowKey: 'id::text', subject: { kind: 'withheld', reason: 'which customer organisations hold case data about a requester is for each of them to tell; never revealed to the requester or to another organisation' },
    personalColumns: ['note'], retentionClass: 'dsr_record', controller: 'customer',
    erasure: { kind: 'retain', basis: 'the controller organisation\'s record of how it handled the forwarded request (GDPR Art. 5(2))' },
  },
  {
    table: 'dsr_rectifications', rowKey: 'id::text', subject: { kind: 'request', column: 'request_id' }, personalColumns: ['corrected_value'],
    retentionClass: 'dsr_record', controller: 'clientnote',
    erasure: { kind: 'retain', basis: 'record of a rectification with its provenance, part of the request\'s answer (GDPR Art. 5(2) and 16)' },
  },
  {
    table: 'dsr_processing_flags', rowKey: 'id::text', subject: { kind: 'email_key', column: 'subject_key' }, personalColumns: ['subject_key'],
    retentionClass: 'dsr_record', controller: 'clientnote',
    erasure: { kind: 'retain', basis: 'the restriction, objection or withdrawal of consent itself, kept so it stays in effect (GDPR Art. 7(3), 18 and 21)' },
  },
  // The erasure ledger and suppression list: keyed hashes and primary keys only, kept so an erasure survives a backup restore.
  {
    table: 'erasure_ledger', rowKey: 'id::text', subject: { kind: 'email_key', column: 'subject_key' }, personalColumns: ['subject_key', 'row_ref'],
    retentionClass: 'erasure_record', controller: 'clientnote',
    erasure: { kind: 'retain', basis: 'record of an executed erasure (keyed hashes and keys only), kept so the erasure is re-applied after a backup restore (GDPR Art. 17 and 5(2))' },
  },
  {
    table: 'dsr_suppressions', rowKey: 'email_key', subject: { kind: 'email_key', column: 'email_key' }, personalColumns: ['email_key'],
    retentionClass: 'erasure_record', controller: 'clientnote',
    erasure: { kind: 'retain', basis: 'suppression list (a keyed hash of the erased address), so no later mail or invitation revives the erased person (GDPR Art. 17 and 21(3))' },
  },
  {
    table: 'legal_holds', rowKey: 'id::text', subject: { kind: 'withheld', reason: 'a hold may concern an investigation; revealing it would be tipping-off (hvidvaskloven § 38)' },
    personalColumns: ['note', 'scope_key'], retentionClass: 'legal_hold', controller: 'clientnote',
    erasure: { kind: 'retain', basis: 'the hold is itself the legal basis for keeping data (GDPR Art. 17(3)(e), hvidvaskloven § 30)' },
  },
  {
    table: 'list_entities', rowKey: 'id::text', subject: { kind: 'public_source' }, personalColumns: ['data'], retentionClass: 'screening_list', controller: 'clientnote',
    erasure: { kind: 'retain', basis: 'copy of a published sanctions or PEP list, replaced when the list changes (GDPR Art. 6(1)(c), hvidvaskloven § 18)' },
  },
];

/** Columns whose names look personal but hold no personal data, with the reason. */
export const NOT_PERSONAL: readonly { table: string; column: string; why: string }[] = [
  { table: 'organisations', column: 'name', why: 'a customer firm\'s registered company name, public in CVR' },
  { table: 'dsr_manifest_items', column: 'personal_columns', why: 'names of columns, not their values' },
  { table: 'dsr_manifest_items', column: 'row_key', why: 'primary keys of rows; a key that itself holds personal data (a login-throttle key with the address) is replaced by its HMAC when the row is erased' },
  { table: 'mail_log', column: 'template', why: 'a template name' },
  { table: 'case_section_versions', column: 'fallback_reason', why: 'a code (uncited_sentence, Ai_timeout, …) saying why an AI draft fell back to the template' },
  { table: 'dsr_requests', column: 'refusal_reason', why: 'an enum code (REFUSAL_REASONS); the free-text note lives in dsr_events.note' },
  { table: 'dsr_requests', column: 'extension_reason', why: 'an enum code (EXTENSION_REASONS); the free-text note lives in dsr_events.note' },
  { table: 'case_events', column: 'kind', why: 'an event enum' },
  { table: 'dsr_rectifications', column: 'column_name', why: 'the name of the corrected column (e.g. name), not a value' },
  { table: 'dsr_processing_flags', column: 'lift_reason', why: 'an enum code (LIFT_REASONS); the free-text note lives in dsr_events.note' },
];

export function registryEntry(table: string): RegistryEntry | undefined {
  return PERSONAL_DATA_REGISTRY.find((e) => e.table === table);
}
