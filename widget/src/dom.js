// Safe DOM building: every piece of bot or visitor text becomes a text node; http(s) URLs
// become <a> elements whose href has been parsed and checked. There is no innerHTML here.

const URL_PATTERN = /\bhttps?:\/\/[^\s<>"'`]+/gi;
const TRAILING = /[.,;:!?)\]}'"»«“”„›‹]+$/;

export function el(tag, attributes, children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value === false || value === null || value === undefined) continue;
    if (name === "text") node.textContent = value;
    else if (name === "className") node.className = value;
    else node.setAttribute(name, value === true ? "" : String(value));
  }
  for (const child of children || []) {
    if (child) node.append(child);
  }
  return node;
}

/** An absolute http(s) URL as a string, or null for anything else (javascript:, data:, junk). */
export function safeHttpUrl(candidate, base) {
  try {
    const url = base ? new URL(candidate, base) : new URL(candidate);
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
  } catch (error) {
    return null;
  }
}

/** Text nodes and links for ``text``; the caller appends them. */
export function linkified(text) {
  const nodes = [];
  const value = String(text);
  let last = 0;
  URL_PATTERN.lastIndex = 0;
  for (let match = URL_PATTERN.exec(value); match; match = URL_PATTERN.exec(value)) {
    let candidate = match[0];
    const trailing = candidate.match(TRAILING);
    if (trailing) candidate = candidate.slice(0, -trailing[0].length);
    const href = safeHttpUrl(candidate);
    if (!href) continue;
    if (match.index > last) nodes.push(document.createTextNode(value.slice(last, match.index)));
    const link = el("a", { href, rel: "noopener noreferrer", target: "_blank" });
    link.textContent = candidate;
    nodes.push(link);
    last = match.index + candidate.length;
    URL_PATTERN.lastIndex = last;
  }
  if (last < value.length) nodes.push(document.createTextNode(value.slice(last)));
  return nodes;
}
