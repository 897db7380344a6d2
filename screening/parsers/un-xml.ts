// Parser for the UN Security Council consolidated list XML (INDIVIDUALS and
// ENTITIES). Repairs what damaged copies carry (invalid UTF-8, control
// characters, a bare '&', original-script names flattened into ASCII) and
// reports each repair, or refuses the file when repair is not allowed.
import { ListFormatError, RepairLog, type ParsedList } from '../list-format.ts';
import { decodeListBytes, dropControlCharacters } from '../decode-text.ts';
import { child, children, readXmlRecords, recoverBareAmpersands, recoverTextElements, textOf, type XmlNode } from '../xml-records.ts';
import { EntityBuilder, identifierType, isoDateOnly, mergeDuplicates, parseListDate } from './entity-builder.ts';
import type { ListEntity } from '../../domain/screening/entity.ts';

export interface ParseOptions {
  /** Repair damaged input and report it (default), or refuse any damage. */
  repair?: boolean;
}

const WHAT = 'UN consolidated list (un-xml)';
const TEXT_ONLY = ['FIRST_NAME', 'SECOND_NAME', 'THIRD_NAME', 'FOURTH_NAME', 'NAME_ORIGINAL_SCRIPT', 'ALIAS_NAME', 'NOTE', 'COMMENTS1', 'DESIGNATION_VALUE', 'STREET', 'CITY'];
// ASCII text that still carries these was a non-Latin name flattened by a bad re-save
const FLATTENED_SCRIPT = /[0-9#%&*()<>@^~/\\|{}[\]=+$!?;:]/;

function aliasType(quality: string): 'alias' | 'weak_alias' {
  return /^low$/i.test(quality.trim()) ? 'weak_alias' : 'alias';
}

function unBirthDate(node: XmlNode) {
  const type = textOf(node, 'TYPE_OF_DATE').toUpperCase();
  if (type === 'BETWEEN') {
    const from = Number(textOf(node, 'FROM_YEAR'));
    const to = Number(textOf(node, 'TO_YEAR'));
    return from && to && from <= to ? { kind: 'range' as const, fromYear: from, toYear: to } : null;
  }
  const approx = type === 'APPROXIMATELY';
  return parseListDate(textOf(node, 'DATE') || textOf(node, 'YEAR'), approx);
}

export function parseUnXml(bytes: Uint8Array, options: ParseOptions = {}): ParsedList {
  const repair = options.repair ?? true;
  const repairs = new RepairLog();
  let text = decodeListBytes(bytes, repairs, { repair, what: WHAT });
  text = dropControlCharacters(text, repairs, { repair, what: WHAT });
  text = recoverBareAmpersands(text, repairs, { repair, what: WHAT });
  text = recoverTextElements(text, TEXT_ONLY, repairs, { repair, what: WHAT });
  const entities: ListEntity[] = [];
  let publishedAt: string | undefined;
  readXmlRecords(text, {
    what: WHAT,
    root: 'CONSOLIDATED_LIST',
    records: new Set(['INDIVIDUAL', 'ENTITY']),
    onRoot: (attrs) => { publishedAt = attrs['dateGenerated']?.slice(0, 10); },
    onRecord: (node, line) => {
      const id = textOf(node, 'DATAID');
      if (!id) throw new ListFormatError(`${WHAT}: <${node.name}> at line ${line} has no DATAID`);
      const person = node.name === 'INDIVIDUAL';
      const b = new EntityBuilder('un', id, person ? 'Person' : 'Organization');
      const primary = ['FIRST_NAME', 'SECOND_NAME', 'THIRD_NAME', 'FOURTH_NAME'].map((f) => textOf(node, f)).filter(Boolean).join(' ');
      b.addName(primary, 'primary');
      const original = textOf(node, 'NAME_ORIGINAL_SCRIPT');
      if (original) {
        // a name "in original script" with no letter beyond ASCII was flattened by a bad re-save: useless and misleading
        if (/[^\u0000-\u007f]/.test(original) && /\p{L}/u.test(original)) b.addName(original, 'alias', true);
        else if (!FLATTENED_SCRIPT.test(original)) b.addName(original, 'alias');
        else if (repair) repairs.add('mangled-original-script-name-dropped', `DATAID ${id}`);
        else throw new ListFormatError(`${WHAT}: DATAID ${id} (line ${line}) has an original-script name without any non-ASCII letter (damaged file)`);
      }
      for (const alias of children(node, person ? 'INDIVIDUAL_ALIAS' : 'ENTITY_ALIAS')) {
        b.addName(textOf(alias, 'ALIAS_NAME'), aliasType(textOf(alias, 'QUALITY')));
      }
      if (!b.hasNames()) throw new ListFormatError(`${WHAT}: DATAID ${id} (line ${line}) has no name`);
      for (const v of children(child(node, 'NATIONALITY'), 'VALUE')) b.addCountry(textOf(v), 'nationality');
      for (const a of children(node, person ? 'INDIVIDUAL_ADDRESS' : 'ENTITY_ADDRESS')) b.addCountry(textOf(a, 'COUNTRY'), 'country');
      for (const d of children(node, 'INDIVIDUAL_DATE_OF_BIRTH')) b.addBirthDate(unBirthDate(d));
      for (const doc of children(node, 'INDIVIDUAL_DOCUMENT')) {
        const type = textOf(doc, 'TYPE_OF_DOCUMENT');
        b.addIdentifier(identifierType(type || 'other'), textOf(doc, 'NUMBER'), textOf(doc, 'ISSUING_COUNTRY') || textOf(doc, 'COUNTRY_OF_ISSUE'));
      }
      const gender = textOf(node, 'GENDER').toLowerCase();
      if (gender === 'male' || gender === 'female') b.gender = gender;
      b.addProgramme(textOf(node, 'UN_LIST_TYPE'));
      b.listedOn = isoDateOnly(textOf(node, 'LISTED_ON'));
      entities.push(b.build(`${WHAT}, line ${line}`));
    },
  });
  if (entities.length === 0) throw new ListFormatError(`${WHAT}: the file holds no INDIVIDUAL or ENTITY records`);
  return { format: 'un-xml', list: 'un', entities: mergeDuplicates(entities), repairs: repairs.list(), ...(publishedAt ? { publishedAt } : {}) };
}
