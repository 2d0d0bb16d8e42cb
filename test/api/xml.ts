/**
 * A strict, tiny XML reader for the Open311 tests (no attributes, no CDATA, no comments: what our
 * answers use). It refuses anything not well-formed: unbalanced tags, a bare `&` or `<`, unknown
 * entities, text outside the root, so a test reading an answer with it also proves it parses.
 */
export interface XmlNode {
  name: string;
  children: XmlNode[];
  text: string;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(raw: string): string {
  if (/<|>/.test(raw)) throw new Error(`bare markup in text: ${raw}`);
  return raw.replace(/&([a-z]+|#\d+|#x[0-9a-f]+);|&/gi, (m, name: string | undefined) => {
    if (!name) throw new Error(`bare & in text: ${raw}`);
    if (name.startsWith('#x')) return String.fromCodePoint(parseInt(name.slice(2), 16));
    if (name.startsWith('#')) return String.fromCodePoint(parseInt(name.slice(1), 10));
    const v = ENTITIES[name];
    if (v === undefined) throw new Error(`unknown entity &${name};`);
    return v;
  });
}

export function parseXml(xml: string): XmlNode {
  let s = xml;
  const decl = /^<\?xml[^?]*\?>/.exec(s);
  if (decl) s = s.slice(decl[0].length);
  const tag = /<(\/?)([A-Za-z_][\w.-]*)\s*(\/?)>/g;
  const root: XmlNode = { name: '#document', children: [], text: '' };
  const stack: XmlNode[] = [root];
  let last = 0;
  let m: RegExpExecArray | null;
  while ((m = tag.exec(s))) {
    const between = s.slice(last, m.index);
    const top = stack[stack.length - 1];
    if (between.length) {
      if (top === root) {
        if (between.trim()) throw new Error('text outside the root element');
      } else top.text += decode(between);
    }
    last = tag.lastIndex;
    const [, closing, name, selfClosing] = m;
    if (closing) {
      const open = stack.pop();
      if (!open || open.name !== name) throw new Error(`</${name}> closes <${open?.name}>`);
    } else {
      const node: XmlNode = { name, children: [], text: '' };
      if (top === root && root.children.length) throw new Error('more than one root element');
      top.children.push(node);
      if (!selfClosing) stack.push(node);
    }
  }
  const rest = s.slice(last);
  if (rest.trim() || stack.length !== 1) throw new Error('unclosed elements or trailing text');
  if (root.children.length !== 1) throw new Error('no root element');
  return root.children[0];
}

/** Child elements named `name`. */
export const kids = (n: XmlNode, name: string) => n.children.filter((c) => c.name === name);
/** The text of the one child named `name` (undefined when absent). */
export const field = (n: XmlNode, name: string) => kids(n, name)[0]?.text;
