// Parser for Finanstilsynet's Danish PEP list spreadsheet (PEP_listen.xlsx):
// a title row, then a header row with "Navn" (surname), an unnamed column of
// given names, "Stillingsbetegnelse", "Fødselsdato" (dd.mm.yyyy) and
// "Tilføjet på PEP-listen (dato)". The list has no ids, so an entry's id is a
// hash of its name and birth date (stable across versions).
import { createHash } from 'node:crypto';
import ExcelJS from 'exceljs';
import { ListFormatError, RepairLog, type ParsedList } from '../list-format.ts';
import { EntityBuilder, isoDateOnly, parseListDate } from './entity-builder.ts';
import type { ListEntity } from '../../domain/screening/entity.ts';

const WHAT = 'Danish PEP list (dk-pep-xlsx)';

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return `${value.getUTCFullYear()}-${String(value.getUTCMonth() + 1).padStart(2, '0')}-${String(value.getUTCDate()).padStart(2, '0')}`;
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((t) => t.text).join('').trim();
    if ('text' in value) return String(value.text).trim();
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
    return '';
  }
  return String(value).trim();
}

export async function parseDkPepXlsx(bytes: Uint8Array): Promise<ParsedList> {
  if (!(bytes[0] === 0x50 && bytes[1] === 0x4b)) throw new ListFormatError(`${WHAT}: the file is not an .xlsx workbook (no ZIP signature)`);
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer);
  } catch (error) {
    throw new ListFormatError(`${WHAT}: the workbook cannot be read (${error instanceof Error ? error.message : String(error)}); truncated or damaged file?`, { cause: error });
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new ListFormatError(`${WHAT}: the workbook has no sheet`);
  let headerRow = -1;
  let cols: { surname: number; given: number; position: number; born: number; added: number } | null = null;
  for (let r = 1; r <= Math.min(10, sheet.rowCount) && !cols; r++) {
    const row = sheet.getRow(r);
    const texts: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell, c) => { texts[c] = cellText(cell.value).toLowerCase(); });
    const surname = texts.findIndex((t) => t === 'navn' || t === 'efternavn');
    const born = texts.findIndex((t) => t?.startsWith('fødselsdato'));
    if (surname > 0 && born > 0) {
      headerRow = r;
      const given = texts.findIndex((t) => t === 'fornavn');
      cols = {
        surname,
        given: given > 0 ? given : surname + 1,
        position: texts.findIndex((t) => t?.startsWith('stillingsbetegnelse')),
        born,
        added: texts.findIndex((t) => t?.startsWith('tilføjet')),
      };
    }
  }
  if (!cols) throw new ListFormatError(`${WHAT}: no header row with "Navn" and "Fødselsdato" in the first 10 rows; this is not Finanstilsynet's PEP list`);
  const repairs = new RepairLog();
  const seen = new Map<string, number>();
  const entities: ListEntity[] = [];
  for (let r = headerRow + 1; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r);
    const surname = cellText(row.getCell(cols.surname).value);
    const given = cellText(row.getCell(cols.given).value);
    const bornText = cellText(row.getCell(cols.born).value);
    if (!surname && !given) continue;
    const full = [given, surname].filter(Boolean).join(' ');
    const born = parseListDate(bornText.replace(/\./g, '/'));
    if (bornText && !born) repairs.add('unreadable-birth-date-kept-without-date', `row ${r}`);
    const key = `${full.toLowerCase()}|${born ? JSON.stringify(born) : ''}`;
    if (seen.has(key)) { repairs.add('duplicate-row-merged', `row ${r}`); continue; }
    seen.set(key, r);
    const id = createHash('sha256').update(key).digest('hex').slice(0, 16);
    const b = new EntityBuilder('dk-pep', id, 'Person');
    b.addName(full, 'primary');
    if (surname && given) b.addName(`${surname}, ${given}`, 'alias');
    b.addBirthDate(born);
    b.addCountry('DK', 'country');
    if (cols.position > 0) b.addProgramme(cellText(row.getCell(cols.position).value) || 'PEP');
    else b.addProgramme('PEP');
    if (cols.added > 0) b.listedOn = isoDateOnly(cellText(row.getCell(cols.added).value).replace(/\./g, '/'));
    entities.push(b.build(`${WHAT}, row ${r}`));
  }
  if (entities.length === 0) throw new ListFormatError(`${WHAT}: no persons below the header`);
  return { format: 'dk-pep-xlsx', list: 'dk-pep', entities, repairs: repairs.list() };
}
