// The customer-due-diligence file (issue 12, docs/case-file.md): the case's
// language, conclusion and decline reason; parties a handler adds or corrects
// (registry values kept as provenance; CPR sealed); what each document is
// evidence of; one identity verification per person; the business
// relationship; reports to the authorities; investigations (§§ 25–26), seen by
// compliance officers and the raiser only. Status `rejected` becomes `declined`.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw('alter table cases drop constraint cases_status_check');
  await knex('cases').where({ status: 'rejected' }).update({ status: 'declined' });
  await knex.raw(`alter table cases add constraint cases_status_check check (status in ('open','in_review','approved','declined','monitoring','ended','deleted'))`);
  await knex.schema.alterTable('cases', (t) => {
    t.text('language').notNullable().defaultTo('da');
    t.text('conclusion').nullable();
    t.text('decline_reason').nullable();
  });
  await knex.raw(`alter table cases add constraint cases_language_check check (language in ('da','en'))`);
  await knex.raw(`alter table cases add constraint cases_conclusion_check check (conclusion is null or conclusion in ('establish','decline'))`);

  await knex.schema.alterTable('case_parties', (t) => {
    t.text('source').notNullable().defaultTo('registry');
    t.text('nationality').nullable();
    t.text('address').nullable();
    /** AES-256-GCM sealed CPR number (api/sealed-text.ts); only where the organisation enables CPR numbers. */
    t.text('cpr_sealed').nullable();
    /** The registry's own values of a corrected party: { name, birthDate, country }. */
    t.jsonb('registry_values').nullable();
    t.uuid('corrected_by').nullable().references('users.id').onDelete('SET NULL');
    t.text('correction_reason').nullable();
    t.timestamp('corrected_at', { useTz: true }).nullable();
  });
  await knex.raw(`alter table case_parties add constraint case_parties_source_check check (source in ('registry','manual'))`);

  await knex.schema.alterTable('case_documents', (t) => {
    t.text('document_kind').nullable();
  });
  // § 18, stk. 6: a PEP who left office, and the compliance officer's record, at least 12 months later, that the risk is no longer increased.
  await knex.schema.alterTable('case_hits', (t) => {
    t.date('pep_left_office_on').nullable();
    t.uuid('pep_cleared_by').nullable().references('users.id').onDelete('SET NULL');
    t.timestamp('pep_cleared_at', { useTz: true }).nullable();
  });
  await knex.raw(`alter table case_documents add constraint case_documents_kind_check check (document_kind is null or document_kind in ('passport','driving_licence','national_id_card','registry_extract','proof_of_address','source_of_funds','other'))`);

  await knex.schema.createTable('case_party_verifications', (t) => {
    t.uuid('party_id').primary().references('case_parties.id').onDelete('CASCADE');
    t.uuid('org_id').notNullable().references('organisations.id').onDelete('RESTRICT');
    t.uuid('case_id').notNullable().references('cases.id').onDelete('CASCADE');
    t.text('method').notNullable();
    // The verification rests on the document: removing the document removes the verification.
    t.uuid('document_id').nullable().references('case_documents.id').onDelete('CASCADE');
    t.text('description').nullable();
    t.uuid('verified_by').nullable().references('users.id').onDelete('SET NULL');
    t.timestamp('verified_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['org_id', 'case_id']);
  });
  await knex.raw(`alter table case_party_verifications add constraint case_party_verifications_method_check check (method in ('id_document','mitid','other'))`);
  await knex.raw(`alter table case_party_verifications add constraint case_party_verifications_evidence_check check (method <> 'id_document' or document_id is not null)`);

  // Who changed the case file (sections, parties, verifications, the relationship, …): none of them may decide the case.
  await knex.schema.createTable('case_editors', (t) => {
    t.uuid('case_id').notNullable().references('cases.id').onDelete('CASCADE');
    t.uuid('org_id').notNullable().references('organisations.id').onDelete('RESTRICT');
    t.uuid('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.timestamp('first_edited_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['case_id', 'user_id']);
  });
  await knex.schema.createTable('case_relationships', (t) => {
    t.uuid('case_id').primary().references('cases.id').onDelete('CASCADE');
    t.uuid('org_id').notNullable().references('organisations.id').onDelete('RESTRICT');
    t.text('purpose').nullable();
    t.text('nature').nullable();
    t.text('expected_activity').nullable();
    t.text('source_of_funds').nullable();
    t.text('source_of_wealth').nullable();
    t.text('product').nullable();
    t.text('delivery_channel').nullable();
    t.uuid('updated_by').nullable().references('users.id').onDelete('SET NULL');
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw(`alter table case_relationships add constraint case_relationships_product_check check (product is null or product in ('standard','high_risk'))`);
  await knex.raw(`alter table case_relationships add constraint case_relationships_channel_check check (delivery_channel is null or delivery_channel in ('in_person','remote'))`);

  await knex.schema.createTable('case_investigations', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('org_id').notNullable().references('organisations.id').onDelete('RESTRICT');
    t.uuid('case_id').notNullable().references('cases.id').onDelete('CASCADE');
    t.text('note').notNullable();
    t.uuid('raised_by').nullable().references('users.id').onDelete('SET NULL');
    t.uuid('hold_id').nullable().references('legal_holds.id').onDelete('SET NULL');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['org_id', 'case_id']);
  });

  await knex.schema.createTable('case_authority_reports', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('org_id').notNullable().references('organisations.id').onDelete('RESTRICT');
    t.uuid('case_id').notNullable().references('cases.id').onDelete('CASCADE');
    t.text('kind').notNullable();
    t.text('recipient').notNullable();
    t.date('reported_at').notNullable();
    t.text('reference').notNullable();
    t.uuid('investigation_id').nullable().references('case_investigations.id').onDelete('CASCADE');
    t.uuid('created_by').nullable().references('users.id').onDelete('SET NULL');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['org_id', 'case_id']);
  });
  await knex.raw(`alter table case_authority_reports add constraint case_authority_reports_kind_check check (kind in ('sanctions_freeze','suspicious_activity'))`);
  await knex.raw(`alter table case_authority_reports add constraint case_authority_reports_recipient_check check (recipient in ('hvidvasksekretariatet','advokatsamfundet','erhvervsstyrelsen','finanstilsynet'))`);
  await knex.raw(`alter table case_authority_reports add constraint case_authority_reports_suspicion_check check (kind <> 'suspicious_activity' or investigation_id is not null)`);

  await knex.schema.alterTable('org_case_settings', (t) => {
    t.text('default_language').notNullable().defaultTo('da');
    t.boolean('pep_management_counts').notNullable().defaultTo(true);
    t.boolean('cpr_enabled').notNullable().defaultTo(false);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('org_case_settings', (t) => {
    for (const c of ['default_language', 'pep_management_counts', 'cpr_enabled']) t.dropColumn(c);
  });
  await knex.schema.dropTable('case_authority_reports');
  await knex.schema.dropTable('case_investigations');
  await knex.schema.dropTable('case_relationships');
  await knex.schema.dropTable('case_editors');
  await knex.schema.dropTable('case_party_verifications');
  await knex.schema.alterTable('case_hits', (t) => {
    for (const c of ['pep_left_office_on', 'pep_cleared_by', 'pep_cleared_at']) t.dropColumn(c);
  });
  await knex.raw('alter table case_documents drop constraint case_documents_kind_check');
  await knex.schema.alterTable('case_documents', (t) => t.dropColumn('document_kind'));
  await knex.raw('alter table case_parties drop constraint case_parties_source_check');
  await knex.schema.alterTable('case_parties', (t) => {
    for (const c of ['source', 'nationality', 'address', 'cpr_sealed', 'registry_values', 'corrected_by', 'correction_reason', 'corrected_at']) t.dropColumn(c);
  });
  await knex.raw('alter table cases drop constraint cases_language_check, drop constraint cases_conclusion_check, drop constraint cases_status_check');
  await knex.schema.alterTable('cases', (t) => {
    for (const c of ['language', 'conclusion', 'decline_reason']) t.dropColumn(c);
  });
  await knex('cases').where({ status: 'declined' }).update({ status: 'rejected' });
  await knex.raw(`alter table cases add constraint cases_status_check check (status in ('open','in_review','approved','rejected','monitoring','ended','deleted'))`);
}
