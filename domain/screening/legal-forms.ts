// Company legal forms (A/S, ApS, GmbH, LLC, OOO ...) recognised at the end or
// start of a folded company name. They are removed before names are compared,
// because "Maersk A/S" and "Maersk Ltd" name the same business for screening,
// and kept aside so the explanation can say that the legal form differs.

/** canonical label → folded token sequences (dots removed, "a/s" folded to "as" beforehand). */
const LEGAL_FORMS: ReadonlyArray<[string, string[]]> = [
  ['A/S', ['as', 'a s', 'aktieselskab', 'aktieselskabet']],
  ['ApS', ['aps', 'anpartsselskab', 'anpartsselskabet']],
  ['IVS', ['ivs', 'iværksætterselskab', 'ivaerksaetterselskab']],
  ['P/S', ['ps', 'partnerselskab']],
  ['K/S', ['ks', 'kommanditselskab']],
  ['I/S', ['is', 'interessentskab']],
  ['A.m.b.A.', ['amba', 'smba', 'fmba']],
  ['ASA', ['asa']],
  ['AB', ['ab', 'publ ab', 'ab publ', 'aktiebolag', 'aktiebolaget']],
  ['Oy', ['oy', 'oyj', 'osakeyhtio']],
  ['Ltd', ['ltd', 'limited', 'co ltd', 'company limited', 'co limited', 'pvt ltd', 'private limited', 'pte ltd', 'pty ltd', 'pvt', 'pte', 'pty', 'private ltd', 'ltda', 'sdn bhd', 'bhd', 'limitada']],
  ['PLC', ['plc', 'public limited company']],
  ['LLC', ['llc', 'l l c', 'limited liability company', 'too', 'tov', 'ooo', 'obshchestvo s ogranichennoy otvetstvennostyu', 'obshchestvo s ogranichennoi otvetstvennostiu', 'limited liability co', 'fzllc', 'fz llc', 'fze', 'fzco', 'fzc', 'dmcc', 'llp', 'limited liability partnership', 'sp z o o', 'sp z oo', 'spzoo', 'doo', 'd o o', 'sro', 's r o', 'kft', 'eood', 'ood']],
  ['Inc', ['inc', 'incorporated', 'corp', 'corporation', 'co inc']],
  ['Co', ['co', 'company', 'cie', 'cia', 'compania', 'compagnie']],
  ['GmbH', ['gmbh', 'gesellschaft mit beschrankter haftung', 'gmbh co kg', 'gmbh und co kg']],
  ['AG', ['ag', 'aktiengesellschaft']],
  ['KG', ['kg', 'kommanditgesellschaft']],
  ['SA', ['sa', 's a', 'sa de cv', 's a de c v', 'sa de c v', 'sab de cv', 'sapi de cv', 'sas', 'sarl', 's a r l', 'srl', 's r l', 'sl', 's l', 'societatea cu raspundere limitata', 'societa a responsabilita limitata', 'sociedad de responsabilidad limitada', 'societe a responsabilite limitee', 'sociedad limitada', 'sociedade limitada', 'societe anonyme', 'sociedad anonima', 'sociedade anonima', 'societa per azioni', 'spa', 's p a', 'sae', 'saog', 'saoc', 'sal', 's a l', 's de rl', 's de r l de c v', 'sprl', 'sc', 'scs']],
  ['BV', ['bv', 'b v', 'nv', 'n v', 'vof', 'besloten vennootschap', 'naamloze vennootschap']],
  ['JSC', ['jsc', 'ojsc', 'cjsc', 'pjsc', 'oao', 'zao', 'pao', 'ao', 'jsco', 'joint stock company', 'open joint stock company', 'closed joint stock company', 'public joint stock company', 'private joint stock company', 'ojsc', 'pat', 'prat', 'tat', 'chjsc']],
  ['LP', ['lp', 'l p', 'limited partnership']],
];

interface Entry { tokens: string[]; label: string }

const ENTRIES: Entry[] = LEGAL_FORMS.flatMap(([label, forms]) => forms.map((f) => ({ tokens: f.split(' '), label })))
  // longest first so "co ltd" wins over "ltd"
  .sort((a, b) => b.tokens.length - a.tokens.length);

const PREFIX_ONLY = new Set(['JSC', 'LLC']);

/** Every word that appears in a legal form ("limited", "liability", "aps"): little weight when left in a name. */
export const LEGAL_FORM_WORDS: ReadonlySet<string> = new Set(ENTRIES.flatMap((e) => e.tokens).filter((t) => t.length >= 2));

function endsWith(tokens: readonly string[], suffix: readonly string[]): boolean {
  if (suffix.length > tokens.length) return false;
  const offset = tokens.length - suffix.length;
  return suffix.every((t, i) => tokens[offset + i] === t);
}

function startsWith(tokens: readonly string[], prefix: readonly string[]): boolean {
  return prefix.length <= tokens.length && prefix.every((t, i) => tokens[i] === t);
}

/**
 * Remove legal forms from the end (repeatedly: "X Holding Co Ltd") and from the
 * start (Russian/CIS "OOO X", "JSC X"). Never strips the last remaining token:
 * a company called "AS" keeps its name.
 */
export function stripLegalForms(tokens: readonly string[]): { tokens: string[]; legalForms: string[] } {
  let rest = [...tokens];
  const found: string[] = [];
  for (let guard = 0; guard < 4; guard++) {
    const hit = ENTRIES.find((e) => rest.length > e.tokens.length && endsWith(rest, e.tokens));
    if (!hit) break;
    rest = rest.slice(0, rest.length - hit.tokens.length);
    if (!found.includes(hit.label)) found.unshift(hit.label);
  }
  for (let guard = 0; guard < 2; guard++) {
    const hit = ENTRIES.find((e) => (PREFIX_ONLY.has(e.label) || e.tokens.length > 1) && rest.length > e.tokens.length && startsWith(rest, e.tokens));
    if (!hit) break;
    rest = rest.slice(hit.tokens.length);
    if (!found.includes(hit.label)) found.push(hit.label);
  }
  return { tokens: rest, legalForms: found };
}
