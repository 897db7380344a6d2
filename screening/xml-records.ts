// Safe XML reading for list files: saxes never fetches external entities, and a
// DOCTYPE is refused outright so no entity expansion (billion laughs, XXE) can
// happen. Each record element (e.g. INDIVIDUAL) is handed over as a small tree.
import { SaxesParser } from 'saxes';
import { ListFormatError, type RepairLog } from './list-format.ts';

export interface XmlNode {
  name: string;
  attrs: Record<string, string>;
  children: XmlNode[];
  text: string;
}

/** First child with this local name. */
export function child(node: XmlNode | undefined, name: string): XmlNode | undefined {
  return node?.children.find((c) => c.name === name);
}

export function children(node: XmlNode | undefined, name: string): XmlNode[] {
  return node ? node.children.filter((c) => c.name === name) : [];
}

/** Trimmed text of a child ('' when absent). */
export function textOf(node: XmlNode | undefined, name?: string): string {
  const n = name === undefined ? node : child(node, name);
  return (n?.text ?? '').replace(/\s+/g, ' ').trim();
}

/** Escape `&` that starts no entity reference (a damaged file's "&J<" would stop any XML parser). */
export function recoverBareAmpersands(text: string, repairs: RepairLog, options: { repair: boolean; what: string }): string {
  const bare = /&(?!(?:amp|lt|gt|quot|apos|#\d{1,7}|#x[0-9a-fA-F]{1,6});)/g;
  if (!bare.test(text)) return text;
  bare.lastIndex = 0;
  return text.replace(bare, (_m, offset: number) => {
    const line = text.slice(0, offset).split('\n').length;
    if (!options.repair) throw new ListFormatError(`${options.what}: unescaped '&' at line ${line} makes the XML malformed`);
    repairs.add('bare-ampersand', `line ${line}`);
    return '&amp;';
  });
}

/**
 * Escape '<' and '>' inside elements that only ever hold text (a damaged
 * original-script name such as "#<0@>2" would otherwise read as a tag).
 */
export function recoverTextElements(text: string, leafNames: readonly string[], repairs: RepairLog, options: { repair: boolean; what: string }): string {
  const pattern = new RegExp(`<(${leafNames.join('|')})>([^\\n]*?)</\\1>`, 'g');
  return text.replace(pattern, (whole, name: string, inner: string, offset: number) => {
    if (!/[<>]/.test(inner)) return whole;
    const line = text.slice(0, offset).split('\n').length;
    if (!options.repair) throw new ListFormatError(`${options.what}: markup characters inside <${name}> at line ${line} make the XML malformed`);
    repairs.add('markup-in-text', `line ${line}`);
    return `<${name}>${inner.replace(/</g, '&lt;').replace(/>/g, '&gt;')}</${name}>`;
  });
}

export interface XmlReadOptions {
  what: string;
  /** Local name the root element must have; anything else is "not this format". */
  root: string;
  /** Local names of the elements to hand over as records. */
  records: ReadonlySet<string>;
  onRoot?: (attrs: Record<string, string>) => void;
  onRecord: (node: XmlNode, line: number) => void;
}

function localName(name: string): string {
  const i = name.indexOf(':');
  return i >= 0 ? name.slice(i + 1) : name;
}

export function readXmlRecords(text: string, options: XmlReadOptions): void {
  if (!/^\s*</.test(text)) throw new ListFormatError(`${options.what}: the file does not start with '<': it is not XML (wrong format?)`);
  const parser = new SaxesParser({ xmlns: false, position: true });
  const stack: XmlNode[] = [];
  let depth = 0;
  let sawRoot = false;
  let recordLine = 0;
  let failure: Error | null = null;
  const fail = (message: string) => { failure ??= new ListFormatError(`${options.what}: ${message}`); };
  parser.on('doctype', () => {
    fail(`a DOCTYPE declaration at line ${parser.line} is not accepted (it could define entities to expand); list files have none`);
  });
  parser.on('error', (err) => {
    fail(`malformed XML at line ${parser.line}, column ${parser.column}: ${err.message.replace(/^.*?:\d+:\d+: /, '')}`);
  });
  parser.on('opentag', (tag) => {
    if (failure) return;
    const name = localName(tag.name);
    depth++;
    if (depth === 1) {
      sawRoot = true;
      if (name !== options.root) fail(`root element is <${tag.name}>, expected <${options.root}>: this is not that format`);
      else options.onRoot?.(tag.attributes as Record<string, string>);
      return;
    }
    if (stack.length === 0 && !options.records.has(name)) return;
    const node: XmlNode = { name, attrs: tag.attributes as Record<string, string>, children: [], text: '' };
    if (stack.length === 0) recordLine = parser.line;
    else stack[stack.length - 1]!.children.push(node);
    stack.push(node);
  });
  parser.on('text', (t) => {
    if (stack.length > 0) stack[stack.length - 1]!.text += t;
  });
  parser.on('cdata', (t) => {
    if (stack.length > 0) stack[stack.length - 1]!.text += t;
  });
  parser.on('closetag', () => {
    if (failure) return;
    depth--;
    const node = stack.pop();
    if (node && stack.length === 0) {
      try {
        options.onRecord(node, recordLine);
      } catch (error) {
        failure ??= error instanceof Error ? error : new Error(String(error));
      }
    }
  });
  try {
    parser.write(text);
    if (!failure) parser.close();
  } catch (error) {
    fail(`malformed XML at line ${parser.line}: ${error instanceof Error ? error.message.replace(/^.*?:\d+:\d+: /, '') : String(error)}`);
  }
  if (failure) throw failure;
  if (!sawRoot) throw new ListFormatError(`${options.what}: no XML root element found (empty or not XML)`);
}
