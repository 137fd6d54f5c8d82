import sanitizeHtml from "sanitize-html";

/** The most HTML kept of one mail; a longer part is kept as text only. */
export const MAX_HTML_CHARS = 1_000_000;

const STYLES = /^[-#(),.%\s\w]+$/;
const allowedStyles = Object.fromEntries(
  [
    "color",
    "background-color",
    "font-family",
    "font-size",
    "font-style",
    "font-weight",
    "text-align",
    "text-decoration",
    "direction",
    "width",
    "height",
    "max-width",
    "margin",
    "margin-left",
    "margin-right",
    "margin-top",
    "margin-bottom",
    "padding",
    "padding-left",
    "padding-right",
    "padding-top",
    "padding-bottom",
    "border",
    "border-collapse",
    "line-height",
    "vertical-align",
    "white-space",
  ].map((p) => [p, [STYLES]]),
);

const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [
    ...sanitizeHtml.defaults.allowedTags.filter((t) => t !== "style"),
    "img",
    "font",
    "center",
    "del",
    "ins",
    "s",
    "u",
    "small",
    "big",
    "tt",
  ],
  allowedAttributes: {
    "*": ["dir", "lang", "title", "style", "align", "valign", "width", "height", "bgcolor", "color"],
    a: ["href", "name", "target", "rel"],
    img: ["src", "alt", "width", "height", "border"],
    font: ["face", "size", "color"],
    table: ["border", "cellpadding", "cellspacing"],
    td: ["colspan", "rowspan", "nowrap"],
    th: ["colspan", "rowspan", "nowrap", "scope"],
    ol: ["start", "type"],
  },
  allowedSchemes: ["http", "https", "mailto", "tel"],
  allowedSchemesByTag: { img: ["http", "https", "data", "cid"] },
  allowProtocolRelative: false,
  allowedStyles: { "*": allowedStyles },
  // Everything else (script, style, iframe, form, object, svg …) goes, and what a script or style held with it.
  disallowedTagsMode: "discard",
  nonTextTags: ["script", "style", "textarea", "option", "noscript", "title", "head", "template"],
  transformTags: {
    // A link opens outside the desk, and the page it opens learns nothing of where it came from.
    a: sanitizeHtml.simpleTransform("a", { target: "_blank", rel: "noopener noreferrer nofollow" }),
  },
};

/**
 * An inbound mail's HTML part made safe to show an agent: kept are text formatting, tables, links and
 * images; gone are scripts, event handlers (onerror=, onclick= …), style sheets, forms, frames, objects and
 * `javascript:` URLs. Images on other servers stay in the markup but the desk shows them only on the agent's
 * request (see `hasRemoteImages`). Null when the mail had no HTML or it is too long to keep.
 */
export function sanitiseMailHtml(html: string | false | undefined | null): string | null {
  if (!html || html.length > MAX_HTML_CHARS) return null;
  const clean = sanitizeHtml(html, OPTIONS).trim();
  return clean ? clean : null;
}

/** Whether sanitised HTML loads anything from another server: an image or a style's url(). */
export function hasRemoteImages(html: string | null): boolean {
  if (!html) return false;
  return /<img\b[^>]*\ssrc\s*=\s*["']?\s*https?:/i.test(html) || /url\(\s*["']?\s*https?:/i.test(html);
}
