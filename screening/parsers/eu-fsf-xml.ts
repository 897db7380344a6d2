// Parser for the EU Financial Sanctions Files XML 1.1 (namespace
// http://eu.europa.ec/fpi/fsd/export): sanctionEntity with nameAlias,
// birthdate, citizenship, identification and regulation programme.
import { ListFormatError, RepairLog, type ParsedList } from '../list-format.ts';
import { decodeListBytes, dropControlCharacters } from '../decode-text.ts';
import { children, readXmlRecords, type XmlNode } from '../xml-records.ts';
import { EntityBuilder, identifierType, mergeDuplicates, parseListDate } from './entity-builder.ts';
import type { BirthDate, EntitySchema, ListEntity } from '../../domain/screening/entity.ts';
import type { ParseOptions } from './un-xml.ts';

const WHAT = 'EU Financial Sanctions Files XML (eu-fsf-xml)';

function schemaOf(code: string | undefined): EntitySchema {
  return code === 'person' ? 'Person' : code === 'enterprise' ? 'Organization' : 'LegalEntity';
}

function euBirthDate(node: XmlNode): BirthDate | null {
  const a = node.attrs;
  const circa = a['circa'] === 'true';
  if (a['birthdate']) {
    const d = parseListDate(a['birthdate']);
    return circa && d ? { kind: 'year', year: Number(a['birthdate'].slice(0, 4)), approximate: true } : d;
  }
  const year = Number(a['year']);
  if (!year) return null;
  const month = Number(a['monthOfYear']);
  if (month >= 1 && month <= 12 && !circa) return { kind: 'month', year, month };
  return { kind: 'year', year, approximate: circa };
}

export function parseEuFsfXml(bytes: Uint8Array, options: ParseOptions = {}): ParsedList {
  const repair = options.repair ?? true;
  const repairs = new RepairLog();
  const text = dropControlCharacters(decodeListBytes(bytes, repairs, { repair, what: WHAT }), repairs, { repair, what: WHAT });
  const entities: ListEntity[] = [];
  let publishedAt: string | undefined;
  readXmlRecords(text, {
    what: WHAT,
    root: 'export',
    records: new Set(['sanctionEntity']),
    onRoot: (attrs) => { publishedAt = attrs['generationDate']?.slice(0, 10); },
    onRecord: (node, line) => {
      const id = node.attrs['logicalId'] ?? '';
      if (!id) throw new ListFormatError(`${WHAT}: <sanctionEntity> at line ${line} has no logicalId`);
      const subject = children(node, 'subjectType')[0];
      const b = new EntityBuilder('eu', id, schemaOf(subject?.attrs['code']));
      children(node, 'nameAlias').forEach((alias, i) => {
        const a = alias.attrs;
        const whole = a['wholeName'] || [a['firstName'], a['middleName'], a['lastName']].filter(Boolean).join(' ');
        b.addName(whole, i === 0 ? 'primary' : a['strong'] === 'false' ? 'weak_alias' : 'alias');
        if (a['gender'] === 'M') b.gender = 'male';
        if (a['gender'] === 'F') b.gender = 'female';
      });
      if (!b.hasNames()) throw new ListFormatError(`${WHAT}: logicalId ${id} (line ${line}) has no name`);
      for (const r of children(node, 'regulation')) b.addProgramme(r.attrs['programme']);
      for (const c of children(node, 'citizenship')) b.addCountry(c.attrs['countryIso2Code'] === '00' ? '' : c.attrs['countryIso2Code'], 'nationality');
      for (const a of children(node, 'address')) b.addCountry(a.attrs['countryIso2Code'] === '00' ? '' : a.attrs['countryIso2Code'], 'country');
      for (const d of children(node, 'birthdate')) b.addBirthDate(euBirthDate(d));
      for (const d of children(node, 'identification')) {
        const a = d.attrs;
        b.addIdentifier(identifierType(a['identificationTypeCode'] === 'id' ? 'national id' : a['identificationTypeDescription'] || a['identificationTypeCode'] || 'other'), a['number'], a['countryIso2Code'] === '00' ? null : a['countryIso2Code']);
      }
      const designated = node.attrs['designationDate'];
      if (designated && /^\d{4}-\d{2}-\d{2}$/.test(designated)) b.listedOn = designated;
      entities.push(b.build(`${WHAT}, line ${line}`));
    },
  });
  if (entities.length === 0) throw new ListFormatError(`${WHAT}: the file holds no sanctionEntity records`);
  return { format: 'eu-fsf-xml', list: 'eu', entities: mergeDuplicates(entities), repairs: repairs.list(), ...(publishedAt ? { publishedAt } : {}) };
}
