"""Rendering a chosen subtree as text: paragraphs split on block elements, lines on ``<br>``.

Separate from the choice of the subtree (``article_body``) because configured body selectors
render through here too, without any of the scoring.
"""

from __future__ import annotations

from collections.abc import Mapping

from selectolax.lexbor import LexborNode

# Elements that end a paragraph when rendering text; anything else is inline.
BLOCK_TAGS = frozenset(
    (  # noqa: SIM905
        "address article blockquote dd details div dl dt fieldset figcaption figure h1 h2 h3 h4 "
        "h5 h6 hgroup hr li main ol p pre section summary table tbody thead tfoot tr ul center"
    ).split()
)
# A paragraph whose text is more than this share link text is a link list, not prose.
LINK_DENSE = 0.5
# A list whose items all link somewhere is a link list when it has this many items, this short.
_LINK_LIST_ITEMS = 3
_LINK_LIST_ITEM_CHARS = 100


def render_text(node: LexborNode) -> str:
    """Text of a subtree with paragraph breaks ("\\n\\n") and line breaks ("\\n")."""
    return "\n\n".join(paragraphs(node))


def paragraphs(
    root: LexborNode,
    *,
    filter_links: bool = False,
    known: Mapping[int, tuple[str, int]] | None = None,
) -> list[str]:
    """Paragraph strings of a subtree; iterative so that hostile nesting cannot recurse deep.

    ``known`` maps the ``mem_id`` of ``<p>`` elements without ``<br>`` to their text and link
    characters, already measured while scoring: an HTML parser never puts a block inside a
    ``<p>``, so such a paragraph is one line and need not be walked node by node again.
    """
    found: list[str] = []
    lines: list[str] = []
    current: list[str] = []
    link_depth = 0
    link_chars = 0
    total_chars = 0

    def end_line() -> None:
        if current:
            line = " ".join("".join(current).split())
            if line:
                lines.append(line)
            current.clear()

    def end_paragraph() -> None:
        nonlocal link_chars, total_chars
        end_line()
        if lines:
            dense = filter_links and total_chars and link_chars > LINK_DENSE * total_chars
            if not dense:
                found.append("\n".join(lines))
            lines.clear()
        link_chars = total_chars = 0

    # Elements to enter, and the tag names of elements to leave: only blocks (which end a
    # paragraph) and links (which end link text) need to be left explicitly.
    stack: list[LexborNode | str] = [root]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if item == "a":
                link_depth -= 1
            elif current or lines:
                end_paragraph()
            continue
        tag = item.tag
        if tag == "-text":
            text = item.text_content or ""
            if not current and text.isspace():
                continue  # indentation between blocks: nothing to a line not yet started
            current.append(text)
            size = len(text.strip())
            total_chars += size
            if link_depth:
                link_chars += size
            continue
        if tag in BLOCK_TAGS:
            if current or lines:
                end_paragraph()
            if filter_links and (tag == "ul" or tag == "ol") and _is_link_list(item):
                continue
            if known is not None and tag == "p":
                measured = known.get(item.mem_id)
                if measured is not None:
                    text, links = measured
                    line = " ".join(text.split())
                    # Inside a link (a teaser card's blurb) the whole paragraph is link text.
                    dense = link_depth or links > LINK_DENSE * len(text.strip())
                    if filter_links and dense and not link_depth:
                        # Dense perhaps only because of a hover card or an inline box of
                        # links inside the sentence: judge the sentence without them.
                        line = _without_link_clusters(item)
                    elif filter_links and dense:
                        line = ""
                    if line:
                        found.append(line)
                    continue
            stack.append(tag)
        elif tag == "a":
            link_depth += 1
            stack.append(tag)
        elif tag == "br":
            end_line()
            continue
        elif tag == "td" or tag == "th":
            current.append(" ")  # cells of a row are words apart, not glued together
        elif tag is None or tag[0] in "-!":
            continue  # comments, doctype, processing instructions
        children = list(item.iter(include_text=True))
        children.reverse()
        stack.extend(children)
    end_paragraph()
    return found


def _without_link_clusters(paragraph: LexborNode) -> str:
    """A paragraph's text without the clusters of links inside it; empty when what is left is
    still mostly link text (a list of links written as a paragraph).

    A cluster is an inline element holding two links or more, with no text of its own and
    mostly link text: a hover card (whose opening link, the name in the sentence, stays), an
    inline "related" box. Elements with a sentence of their
    own (a styling ``<span>`` around the whole paragraph) are looked into instead.
    """
    parts: list[str] = []
    counts = [0, 0]  # characters kept, link characters kept

    def keep(node: LexborNode, depth: int) -> None:
        for child in node.iter(include_text=True):
            if child.is_text_node:
                text = child.text_content or ""
            elif child.is_element_node:
                text = child.text()
                anchors = [a for a in child.traverse() if a.tag == "a"]
                link_chars = sum(len(a.text()) for a in anchors)
                if len(anchors) >= 2:
                    own = len(child.text(deep=False).strip())
                    if depth < 8 and (own >= 20 or link_chars <= LINK_DENSE * len(text.strip())):
                        keep(child, depth + 1)  # a sentence of its own around the links
                        continue
                    # The cluster goes, except the linked word that opens a hover card.
                    first = child.first_child
                    if first is None or first.tag != "a":
                        continue
                    text = first.text()
                    link_chars = len(text.strip())
                counts[1] += link_chars
            else:
                continue
            parts.append(text)
            counts[0] += len(text.strip())

    keep(paragraph, 0)
    if not counts[0] or counts[1] > LINK_DENSE * counts[0]:
        return ""
    return " ".join("".join(parts).split())


def _is_link_list(node: LexborNode) -> bool:
    """A list of three or more short items that all carry a link: "related stories", "more
    from", however much of each item the link covers (some sites link half the headline)."""
    items = 0
    chars = 0
    for item in node.iter():
        if item.tag != "li":
            continue
        if not any(child.tag == "a" for child in item.traverse()):
            return False
        items += 1
        chars += len(item.text().strip())
    return items >= _LINK_LIST_ITEMS and chars < _LINK_LIST_ITEM_CHARS * items
