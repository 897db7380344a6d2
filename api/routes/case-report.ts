// The case file as a PDF (reports/): everything the due-diligence file holds
// that a reader of the case may see — never investigations, reports of
// suspicion or CPR numbers. Labels in the case's language unless `lang` asks
// for the other; the approved text is printed as it was written. Another
// organisation's case is 404.
import { z } from 'zod';
import { defineRoute } from './define.ts';
import { notFound } from '../errors.ts';
import type { ApiDeps } from '../deps.ts';
import { attachmentDisposition } from '../../domain/documents/document.ts';
import { caseFilePdfName, loadCaseFileReport } from '../../reports/case-file-report.ts';
import { renderCaseFilePdf } from '../../reports/case-file-pdf.ts';
import { REPORT_LANGUAGES } from '../../reports/labels.ts';

export function caseReportRoutes(deps: ApiDeps) {
  const now = deps.now ?? (() => new Date());
  return [
    defineRoute({
      method: 'get', path: '/cases/:id/report.pdf', summary: 'The case file as a PDF (cover, client, ownership, parties and their verification, relationship, screening, risk, report, conclusion, approvals)',
      tag: 'cases', access: { permission: 'cases.read' }, tenant: { organisation: 'The case' },
      params: z.object({ id: z.uuid('not a valid case id') }),
      query: z.object({ lang: z.enum(REPORT_LANGUAGES).optional().describe('the labels\' language (default: the case\'s); the report text stays as written') }),
      responses: {
        200: {
          description: 'The PDF (as an attachment); every page\'s footer carries the report version and the page number. Never holds investigations, reports of suspicion or CPR numbers.',
          contentType: 'application/pdf', schema: z.string().meta({ format: 'binary' }),
        },
        400: { description: 'Not a case id, or `lang` is neither da nor en' },
        404: { description: 'No such case in your organisation' },
      },
      handler: async (ctx, { params, query, orgId }) => {
        const report = await loadCaseFileReport(deps.knex, orgId, params.id, now);
        if (!report) throw notFound('The case');
        const pdf = await renderCaseFilePdf(report, query.lang ? { labels: query.lang } : {});
        await deps.audit.record(ctx, { action: 'case.report_downloaded', targetType: 'case', targetId: params.id, details: { reportVersion: report.reportVersion } });
        ctx.set('content-type', 'application/pdf');
        ctx.set('content-disposition', attachmentDisposition(caseFilePdfName(report, query.lang ?? report.language)));
        ctx.set('x-content-type-options', 'nosniff');
        ctx.set('cache-control', 'private, no-store');
        ctx.body = pdf;
      },
    }),
  ];
}
