/**
 * Inline style properties set through the CSSOM (element.style), never as a style attribute: the
 * page's CSP (style-src 'self') blocks style attributes, and Lit's styleMap writes one on its
 * first render. Use as `style=${styleProps({ left: "12px" })}`; properties dropped since the
 * last render are removed.
 */
import { noChange } from "lit";
import type { AttributePart } from "lit";
import { Directive, directive, PartType } from "lit/directive.js";
import type { PartInfo } from "lit/directive.js";

class StyleProps extends Directive {
  #previous = new Set<string>();

  constructor(part: PartInfo) {
    super(part);
    if (part.type !== PartType.ATTRIBUTE || part.name !== "style") throw new Error("styleProps belongs in a style attribute");
  }

  override render(_props: Readonly<Record<string, string>>): typeof noChange {
    return noChange;
  }

  override update(part: AttributePart, [props]: [Readonly<Record<string, string>>]): typeof noChange {
    const style = (part.element as HTMLElement).style;
    for (const name of this.#previous) if (!(name in props)) style.removeProperty(name);
    for (const [name, value] of Object.entries(props)) style.setProperty(name, value);
    this.#previous = new Set(Object.keys(props));
    return noChange;
  }
}

export const styleProps = directive(StyleProps);
