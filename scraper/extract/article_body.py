"""The article body: which part of a page is the article, and its text with paragraph breaks.

Furniture (scripts, navigation, sidebars, share bars, comments) is dropped first; then blocks of
text are scored (long, few links) and the element gathering most of that score wins, with the
siblings that carry prose of their own.
"""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser, LexborNode

# Removed before scoring: never article text, and their text would dilute the density signal.
_JUNK_TAGS = (
    "script, style, noscript, template, svg, canvas, iframe, object, embed, button, select, "
    "input, textarea, nav, aside, footer, header, menu, dialog, link, meta, figcaption"
)
# class/id words of page furniture. Matched as whole words (``-``/``_`` separate words) so that
# "headline" does not hit "ad" and "main-content" does not hit "nav".
_BOILERPLATE_WORDS = (  # noqa: SIM905
    "nav navbar navigation menu submenu footer sidebar side-bar widget widgets related "
    "recommended recommendations more-stories read-more readmore share shares sharing social "
    "comment comments disqus breadcrumb breadcrumbs tags tag-list taglist newsletter "
    "subscribe subscription promo promotion advert advertisement ads ad adsense banner "
    "sponsored sponsor cookie cookies consent popup modal paywall signup login author-bio "
    "bio byline dateline pagination pager toolbar print caption credits masthead topbar "
    "outbrain taboola jp-relatedposts most-popular popular trending visually-hidden "
    "sr-only skip-link share-buttons social-share post-meta entry-meta article-meta meta "
    "author relatedposts copyright"
).split()
# Reader comments can outweigh the article in paragraphs; they go whatever their size.
_COMMENTS_RE = re.compile(r"comment|disqus|respond|reply|replies")
_BOILERPLATE_SET = frozenset(_BOILERPLATE_WORDS)
_TOKEN_SPLIT = re.compile(r"[-_]+")
# Only containers are judged: spans, links and list items with classes are many (a third of
# the extraction time went to them) and are dropped with their container or by link density.
_FURNITURE_CANDIDATES = (
    "div[class], div[id], section[class], section[id], ul[class], ul[id], ol[class], "
    "table[class], form[class], form[id], figure[class], article[class], p[class]"
)
# ...unless the same attribute also says it is the article: "article-body has-share-bar".
_CONTENT_RE = re.compile(
    r"(?<![a-z])(?:article-?body|articlebody|article-?content|entry-?content|post-?content|"
    r"post-?body|story-?body|story-?content|main-?content|article-?text|body-?text|rich-?text)"
    r"(?![a-z])"
)

# Elements that end a paragraph when rendering text; anything else is inline.
_BLOCK_TAGS = frozenset(
    (  # noqa: SIM905
        "address article blockquote dd details div dl dt fieldset figcaption figure h1 h2 h3 h4 "
        "h5 h6 hgroup hr li main ol p pre section summary table tbody thead tfoot tr ul center"
    ).split()
)
_HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# Blocks whose text is scored: the paragraph carriers of articles.
_SCORED_SELECTOR = "p, pre, dd, tr"
_DIRECT_TEXT_SELECTOR = "div, section, article, main, font, span, td, blockquote"
_LEAF_BLOCKS = frozenset({"p", "pre", "li", "dd", "dt", "tr", "h2", "h3", "h4", "h5", "h6"})
# Weight of link text against a container: a menu of 40 links should outweigh a short caption
# but not a real article that has a "related" box inside it.
_LINK_PENALTY = 0.5
_SHARES = (1.0, 1.0, 0.5, 0.25)
_SIBLING_SHARE = 0.2
# Lines that ad and widget slots leave in the text flow, in the languages we read.
_FILLER_LINES = frozenset(
    {
        "advertisement",
        "anzeige",
        "publicité",
        "publicidad",
        "pubblicità",
        "إعلان",
        "اعلان",
        "sponsored",
        "loading",
        "read more",
        "اقرأ أيضاً",
        "اقرأ أيضا",
        "continue reading",
        "story continues below",
    }
)
# Containers tried in score order when the best one renders to nothing (all links, say).
_CANDIDATES = 3
_MIN_BLOCK_CHARS = 25
# Share of the page's text an element may hold and still be removed as furniture: a wrapper of
# the whole article that happens to have "share" in its class must survive.
_MAX_REMOVED_SHARE = 0.4


def _attr_words(node: LexborNode) -> str:
    attrs = node.attributes
    return f"{attrs.get('class') or ''} {attrs.get('id') or ''}".lower()


def _is_boilerplate(node: LexborNode) -> bool:
    """Whether class/id name page furniture: a furniture word at either end of one token.

    Only the ends count: "share-bar", "post-comments" and "main-nav" are furniture, while
    "content-with-sidebar-wrap" is the wrapper of the article and must stay.
    """
    words = _attr_words(node)
    if len(words) < 3:
        return False
    # Set lookups per token rather than one big alternation regex: this runs on every
    # container of the page and the regex was the slowest part of the whole extraction.
    for token in words.split():
        if token in _BOILERPLATE_SET:
            return not _CONTENT_RE.search(words)
        # BEM names ("c-nav-list__main", "share--large"): judge the block name.
        parts = _TOKEN_SPLIT.split(token.split("__", 1)[0].split("--", 1)[0])
        if parts[0] in _BOILERPLATE_SET or parts[-1] in _BOILERPLATE_SET:
            return not _CONTENT_RE.search(words)
    return False


def _remove_furniture(root: LexborNode) -> None:
    """Drop scripts, navigation, sidebars, share bars, comments... but never the article itself.

    ``remove()`` (unlink) rather than ``decompose()`` (free): the matched nodes can be nested,
    and a descendant of an already freed node must not be touched again.
    """
    total = len(root.text() or "") or 1
    for node in root.css(_JUNK_TAGS):
        if node.tag in ("header", "footer", "aside", "nav") and len(node.text() or "") > (
            _MAX_REMOVED_SHARE * total
        ):
            continue  # a site that wraps its whole content in <header> still has an article
        node.remove()
    # Protection is measured in paragraph text, not raw text: a Blogger "widget Blog" or a
    # "field-label-hidden" wrapper holds the article's paragraphs, a sidebar widget holds links.
    total = _paragraph_chars(root) or 1
    root_id = root.mem_id
    for node in root.css(_FURNITURE_CANDIDATES):
        if node.mem_id == root_id or not _is_boilerplate(node):
            continue
        if (
            _COMMENTS_RE.search(_attr_words(node))
            or len(node.text() or "") < 0.5 * total  # cheap bound before counting paragraphs
            or _paragraph_chars(node) < 0.5 * total
        ):
            node.remove()


def _paragraph_chars(node: LexborNode) -> int:
    return sum(n for p in node.css("p") if (n := len(p.text() or "")) >= _MIN_BLOCK_CHARS)


def _link_chars(node: LexborNode) -> int:
    return sum(len(a.text() or "") for a in node.css("a"))


def _block_value(block: LexborNode) -> float:
    """What one paragraph says about its container: prose counts for, link lists against."""
    text = block.text() or ""
    length = len(text.strip())
    if length == 0:
        return 0.0
    links = _link_chars(block)
    if links > 0.5 * length:
        return -_LINK_PENALTY * links
    if length < _MIN_BLOCK_CHARS:
        return 0.0
    return float(length - links)


def _candidates(root: LexborNode) -> list[list[LexborNode]]:
    """The element whose subtree gathers the most prose net of link lists.

    Each block's value is added to every ancestor, so the winner is the smallest element that
    holds the article's paragraphs together: going one level higher only adds sidebars and
    menus (negative), one level lower loses paragraphs. Parents are looked up once per element
    (memoised) because every wrapper object costs a call into the parser.
    """
    own: dict[int, float] = {}
    nodes: dict[int, LexborNode] = {}
    parent_of: dict[int, int | None] = {}
    depth: dict[int, int] = {}
    root_id = root.mem_id

    def register(node: LexborNode) -> int:
        """Record node and its ancestors up to root; returns its key."""
        chain: list[LexborNode] = []
        current: LexborNode | None = node
        while current is not None and current.mem_id not in nodes:
            chain.append(current)
            if current.mem_id == root_id:
                break
            current = current.parent
        above = current.mem_id if current is not None and current.mem_id in nodes else None
        base = depth[above] + 1 if above is not None else 0
        for offset, item in enumerate(reversed(chain)):
            key = item.mem_id
            nodes[key] = item
            parent_of[key] = above
            depth[key] = base + offset
            above = key
        return node.mem_id

    for block in root.css(_SCORED_SELECTOR):
        value = _block_value(block)
        if value:
            key = register(block)
            own[key] = own.get(key, 0.0) + value
    # Paragraphs written as text directly in a <div> separated by <br>: the div is the paragraph.
    for div in root.css(_DIRECT_TEXT_SELECTOR):
        length = len((div.text(deep=False) or "").strip())
        if length >= _MIN_BLOCK_CHARS:
            key = register(div)
            own[key] = own.get(key, 0.0) + length
    if not own:
        return []
    total: dict[int, float] = {}
    for key, value in own.items():
        up: int | None = key
        for share in _SHARES:
            if up is None:
                break
            total[up] = total.get(up, 0.0) + value * share
            up = parent_of[up]
    ranked = sorted(total, key=total.__getitem__, reverse=True)[:_CANDIDATES]
    return [_with_siblings(nodes[key], total) for key in ranked if total[key] > 0]


def _with_siblings(best: LexborNode, total: dict[int, float]) -> list[LexborNode]:
    """The winner plus siblings that carry a fair share of prose themselves.

    A lead paragraph or the second half of a body often sits beside the main block, split by
    an ad slot or a photo. A single paragraph that won (a one-paragraph brief) stands for its
    parent.
    """
    if best.tag in _LEAF_BLOCKS and best.parent is not None:
        best = best.parent
    # Climb through wrappers that add nothing ("<div><div><p>..."): the siblings that matter
    # (NYT splits its body into several "StoryBodyCompanionColumn" divs) sit above them.
    size = len(best.text() or "")
    parent = best.parent
    while parent is not None and parent.tag not in ("body", "html"):
        if len(parent.text() or "") > size * 1.05 + 20:
            break
        best, parent = parent, parent.parent
    if parent is None or best.tag in ("body", "html"):
        return [best]
    best_chars = _paragraph_chars(best)
    chosen: list[LexborNode] = []
    for sibling in parent.iter():
        if sibling.mem_id == best.mem_id:
            chosen.append(sibling)
            continue
        if _is_boilerplate(sibling):
            continue
        chars = _paragraph_chars(sibling)
        if chars >= _SIBLING_SHARE * best_chars or (
            total.get(sibling.mem_id, 0.0) >= _SIBLING_SHARE * total.get(best.mem_id, 0.0) > 0
        ):
            if chars or _link_chars(sibling) < 0.25 * len(sibling.text() or "x"):
                chosen.append(sibling)
        elif sibling.tag == "p":
            text = sibling.text() or ""
            if len(text) > 80 and _link_chars(sibling) < 0.25 * len(text):
                chosen.append(sibling)
    return chosen


def render_text(node: LexborNode) -> str:
    """Text of a subtree with paragraph breaks ("\\n\\n") and line breaks ("\\n")."""
    return "\n\n".join(_paragraphs(node))


def _paragraphs(root: LexborNode, *, filter_links: bool = False) -> list[str]:
    """Paragraph strings of a subtree; iterative so that hostile nesting cannot recurse deep."""
    paragraphs: list[str] = []
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
            dense = filter_links and total_chars and link_chars > 0.5 * total_chars
            if not dense:
                paragraphs.append("\n".join(lines))
            lines.clear()
        link_chars = total_chars = 0

    # Stack of (node, entering): a node is pushed once to enter and once to leave.
    stack: list[tuple[LexborNode, bool]] = [(root, True)]
    while stack:
        node, entering = stack.pop()
        if node.is_text_node:
            text = node.text_content or ""
            current.append(text)
            size = len(text.strip())
            total_chars += size
            if link_depth:
                link_chars += size
            continue
        tag = node.tag
        if not entering:
            if tag == "a":
                link_depth -= 1
            if tag in _BLOCK_TAGS:
                end_paragraph()
            continue
        if tag == "br":
            end_line()
            continue
        if not node.is_element_node:
            continue
        if tag in _BLOCK_TAGS:
            end_paragraph()
        if tag == "a":
            link_depth += 1
        stack.append((node, False))
        children = list(node.iter(include_text=True))
        stack.extend((child, True) for child in reversed(children))
    end_paragraph()
    return paragraphs


def main_text(tree: LexborHTMLParser, *, title: str = "") -> str:
    """The article body of a page with tweets already removed: heuristics only."""
    root = tree.body
    if root is None:
        return ""
    _remove_furniture(root)
    paragraphs: list[str] = []
    for group in _candidates(root):
        paragraphs = [p for node in group for p in _paragraphs(node, filter_links=True)]
        if paragraphs:
            break
    norm_title = " ".join(title.split()).lower()
    kept = [
        p
        for p in paragraphs
        if p.lower() != norm_title and p.strip(" .:…").lower() not in _FILLER_LINES
    ]
    return "\n\n".join(kept)
