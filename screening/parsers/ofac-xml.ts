// Parser for OFAC's SDN XML (sdnList/sdnEntry, the tempuri.org sdnList.xsd
// layout): names with strong/weak a.k.a.s, identifiers, nationalities,
// citizenships and dates of birth.
import { ListFormatError, RepairLog, type ParsedList } from '../list-format.ts';
import { decodeListBytes, dropControlCharacters } from '../decode-text.ts';
import { child, children, readXmlRecords, textOf, type XmlNode } from '../xml-records.ts';
import { EntityBuilder, identifierType, parseListDate } from './entity-builder.ts';
import type { EntitySchema, ListEntity } from '../../domain/screening/entity.ts';
import type { ParseOptions } from './un-xml.ts';

const WHAT = 'OFAC SDN XML (ofac-xml)';

function fullName(node: XmlNode): string {
  return [textOf(node, 'firstName'), textOf(node, 'lastName')].filter(Boolean).join(' ');
}

function schemaOf(type: string): EntitySchema {
  switch (type.toLowerCase()) {
    case 'individual': return 'Person';
    case 'vessel': return 'Vessel';
    case 'aircraft': return 'Aircraft';
    default: return 'Organization';
  }
}

function usDate(raw: string): string | undefined {
  const m = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(raw.trim());
  return m ? `${m[3]}-${m[1]}-${m[2]}` : undefined;
}

export function parseOfacXml(bytes: Uint8Array, options: ParseOptions = {}): ParsedList {
  const repair = options.repair ?? true;
  const repairs = new RepairLog();
  const text = dropControlCharacters(decodeListBytes(bytes, repairs, { repair, what: WHAT }), repairs, { repair, what: WHAT });
  const entities: ListEntity[] = [];
  let publishedAt: string | undefined;
  readXmlRecords(text, {
    what: WHAT,
    root: 'sdnList',
    records: new Set(['sdnEntry', 'publshInformation']),
    onRecord: (node, line) => {
      if (node.name === 'publshInformation') { publishedAt = usDate(textOf(node, 'Publish_Date')); return; }
      const id = textOf(node, 'uid');
      if (!id) throw new ListFormatError(`${WHAT}: <sdnEntry> at line ${line} has no uid`);
      const b = new EntityBuilder('ofac', id, schemaOf(textOf(node, 'sdnType')));
      b.addName(fullName(node), 'primary');
      for (const aka of children(child(node, 'akaList'), 'aka')) {
        b.addName(fullName(aka), textOf(aka, 'category').toLowerCase() === 'weak' ? 'weak_alias' : 'alias');
      }
      if (!b.hasNames()) throw new ListFormatError(`${WHAT}: uid ${id} (line ${line}) has no name`);
      for (const p of children(child(node, 'programList'), 'program')) b.addProgramme(textOf(p));
      for (const idNode of children(child(node, 'idList'), 'id')) {
        const type = textOf(idNode, 'idType');
        const value = textOf(idNode, 'idNumber');
        if (/^gender$/i.test(type)) {
          if (/^(male|female)$/i.test(value)) b.gender = value.toLowerCase() as 'male' | 'female';
        } else if (!/additional sanctions|secondary sanctions|website|email|phone|digital currency|target type|organization|transactions prohibited|executive order/i.test(type)) {
          b.addIdentifier(identifierType(type), value, textOf(idNode, 'idCountry'));
        }
      }
      for (const n of children(child(node, 'nationalityList'), 'nationality')) b.addCountry(textOf(n, 'country'), 'nationality');
      for (const n of children(child(node, 'citizenshipList'), 'citizenship')) b.addCountry(textOf(n, 'country'), 'nationality');
      for (const a of children(child(node, 'addressList'), 'address')) b.addCountry(textOf(a, 'country'), 'country');
      for (const d of children(child(node, 'dateOfBirthList'), 'dateOfBirthItem')) b.addBirthDate(parseListDate(textOf(d, 'dateOfBirth')));
      const flag = textOf(child(node, 'vesselInfo'), 'vesselFlag');
      if (flag) b.addCountry(flag, 'country');
      entities.push(b.build(`${WHAT}, line ${line}`));
    },
  });
  if (entities.length === 0) throw new ListFormatError(`${WHAT}: the file holds no sdnEntry records`);
  return { format: 'ofac-xml', list: 'ofac', entities, repairs: repairs.list(), ...(publishedAt ? { publishedAt } : {}) };
}
