/**
 * Safe HTML building for the report: text and attribute escaping, JSON embedded in a script
 * element, and library code inlined in one. Everything from a run directory (program text, run
 * names, configuration) goes through `escapeHtml` or `jsonForScript`, never straight into markup.
 */

const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text for element content or a quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]);
}

/**
 * JSON for `<script type="application/json">`: `<`, `>` and `&` become \u escapes (so no `</script>`
 * or `<!--` can appear), as do U+2028 and U+2029. Non-finite numbers become null (JSON has none).
 */
export function jsonForScript(value: unknown): string {
  const json = JSON.stringify(value, (_key, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v));
  return json.replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * Code for an inline `<script>`: refuses code containing `</script` or `<!--` (either would end or
 * confuse the element), which no minified library we inline contains; checked at report time.
 */
export function inlineScriptCode(code: string, name: string): string {
  if (/<\/script|<!--/i.test(code)) throw new Error(`${name} cannot be inlined in a <script> element: it contains '</script' or '<!--'`);
  return code;
}

/** A tagged template that escapes every interpolated value unless it is `Html`. */
export class Html {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

export type HtmlValue = Html | string | number | readonly HtmlValue[] | undefined | null | false;

function render(value: HtmlValue): string {
  if (value === undefined || value === null || value === false) return '';
  if (value instanceof Html) return value.text;
  if (Array.isArray(value)) return (value as readonly HtmlValue[]).map(render).join('');
  return escapeHtml(String(value));
}

export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): Html {
  let out = strings[0];
  values.forEach((v, i) => {
    out += render(v) + strings[i + 1];
  });
  return new Html(out);
}

/** Markup that is already safe (library code, our own constants). */
export const raw = (text: string): Html => new Html(text);
