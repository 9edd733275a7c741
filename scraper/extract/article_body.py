"""The article body: which part of a page is the article, and its text with paragraph breaks.

Furniture (scripts, navigation, sidebars, share bars, comments) is dropped first; then blocks of
text are scored (long, few links) and the element gathering most of that score wins, with the
siblings that carry prose of their own.

Speed matters here (every fetched article passes through), and every call into the parser and
every wrapper object costs: the body is walked once, each block's text is measured once, and
what containers hold is summed bottom-up over the ancestors of those blocks instead of asking
the parser for each container's text again.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache

from selectolax.lexbor import LexborHTMLParser, LexborNode

from scraper.extract.article_blocks import BlockTree
from scraper.extract.article_furniture import (
    COMMENTS,
    CONTAINER_TAGS,
    JUNK_TAGS,
    KEEP,
    LANDMARK_TAGS,
    furniture_kind,
)
from scraper.extract.article_lines import is_furniture_line
from scraper.extract.article_text import BLOCK_TAGS, LINK_DENSE, paragraphs

# Blocks whose text is scored: the paragraph carriers of articles.
_SCORED_TAGS = frozenset({"p", "pre", "dd", "tr", "li"})
# Containers whose own text (not their children's) can be a paragraph: "text<br>text" layouts.
_DIRECT_TEXT_TAGS = frozenset(
    {"div", "section", "article", "main", "font", "span", "td", "blockquote"}
)
_LEAF_BLOCKS = frozenset({"p", "pre", "li", "dd", "dt", "tr", "h2", "h3", "h4", "h5", "h6"})
# Weight of link text against a container: a menu of 40 links should outweigh a short caption
# but not a real article that has a "related" box inside it.
_LINK_PENALTY = 0.5
# Share of a block's value that its parent, grandparent... receive.
_SHARES = (1.0, 1.0, 0.5, 0.25)
_SIBLING_SHARE = 0.2
# Link text this long is a headline, not a word linked in a sentence.
_HEADLINE_CHARS = 40
# What the one walk over the body does with each tag, looked up once per element.
_SCORED, _DIRECT, _CONTAINER, _JUNK, _BREAK, _ITEM, _ARTICLE = 1, 2, 4, 8, 16, 32, 64
_ROLES: dict[str, int] = {}
for _tags, _role in (
    (_SCORED_TAGS, _SCORED),
    (("li",), _ITEM),
    (("article",), _ARTICLE),
    (_DIRECT_TEXT_TAGS, _DIRECT),
    (CONTAINER_TAGS, _CONTAINER),
    (JUNK_TAGS, _JUNK),
    (("br",), _BREAK),
):
    for _tag in _tags:
        _ROLES[_tag] = _ROLES.get(_tag, 0) | _role
# Containers tried in score order when the best one renders to nothing (all links, say).
_CANDIDATES = 3
_MIN_BLOCK_CHARS = 25
# Share of the page's prose an element may hold and still be removed as furniture: a wrapper of
# the whole article that happens to have "share" in its class must survive.
_MAX_REMOVED_SHARE = 0.4
# ...and the share a class-named piece of furniture may hold (it is judged after the walk).
_MAX_FURNITURE_SHARE = 0.5
# Share of the chosen group's prose the page's own <article> must hold to replace the group.
_DECLARED_SHARE = 0.8
_LANDMARK_SELECTOR = ", ".join(sorted(LANDMARK_TAGS))


def main_text(tree: LexborHTMLParser, *, title: str = "") -> str:
    """The article body of a page with tweets already removed: heuristics only."""
    root = tree.body
    if root is None:
        return ""
    body = _scan(root)
    found: list[str] = []
    for group in _candidates(body):
        group = _prefer_declared(body, group)
        found = [
            p for node in group for p in paragraphs(node, filter_links=True, known=body.p_text)
        ]
        if found:
            break
    norm_title = " ".join(title.split()).lower()
    return "\n\n".join(p for p in found if not is_furniture_line(p, norm_title))


def _scan(root: LexborNode) -> BlockTree:
    """Walk the body once: drop junk, measure blocks, judge and drop furniture."""
    _drop_landmarks(root)
    junk: list[LexborNode] = []
    furniture: list[tuple[LexborNode, int]] = []
    declared: list[LexborNode] = []
    scored: list[LexborNode] = []
    direct: list[tuple[LexborNode, int]] = []
    breaks: list[LexborNode] = []
    roles = _roles_by_id()
    for node in root.traverse():
        # tag_id is an int read from the node; .tag would build a str for every element.
        role = roles.get(node.tag_id)
        if role is None:
            continue  # most elements (a, img, b, strong, em...) play no part in the scan
        if role & _DIRECT:
            # Paragraphs written as text directly in a <div> separated by <br>: the div is the
            # paragraph. Only its own text nodes count, so junk inside does not matter.
            own = node.text(deep=False)
            if len(own) >= _MIN_BLOCK_CHARS:
                length = len(own.strip())
                if length >= _MIN_BLOCK_CHARS:
                    direct.append((node, length))
        elif role & _SCORED and not (role & _ITEM and len(node.text()) < _MIN_BLOCK_CHARS):
            # (Most list items are menu entries too short to count: they are skipped here,
            # before anything else is asked of them.)
            scored.append(node)
        if role & _CONTAINER:
            attrs = node.attributes
            if attrs:
                kind = furniture_kind(attrs.get("class"), attrs.get("id"))
                if kind != KEEP:
                    furniture.append((node, kind))
                if attrs.get("itemprop") == "articleBody":
                    declared.append(node)
            if role & _ARTICLE:
                declared.append(node)
        elif role & _JUNK:
            junk.append(node)
        elif role & _BREAK:
            breaks.append(node)
    for node in junk:
        # Unlink rather than free: junk can nest (a <script> in an <svg>) and collected wrappers
        # may point inside it.
        node.remove()

    body = BlockTree(root)
    for block in scored:
        _measure(body, block)
    for node, length in direct:
        key = body.register(node)
        if key is not None:
            body.value[key] = body.value.get(key, 0.0) + length
            body.loose[key] = body.loose.get(key, 0.0) + length
    # A <p> with a line break inside is rendered node by node, to keep the break.
    for node in breaks:
        up = node.parent
        while up is not None and up.tag not in BLOCK_TAGS:
            up = up.parent
        if up is not None and up.tag == "p":
            body.p_text.pop(up.mem_id, None)
    _drop_furniture(body, furniture)
    body.declared = declared
    return body


@cache
def _roles_by_id() -> dict[int, int]:
    """``_ROLES`` keyed by lexbor's tag ids, which are fixed for the standard tags."""
    probe = LexborHTMLParser("")
    return {probe.create_node(tag).tag_id: role for tag, role in _ROLES.items() if tag}


def _measure(body: BlockTree, block: LexborNode) -> None:
    """A scored block's value: prose counts for its container, link lists against."""
    text = block.text()
    length = len(text.strip())
    tag = block.tag
    if length == 0 or (length < _MIN_BLOCK_CHARS and tag == "li"):
        # Short list items are menus and tag lists more than anything: measuring their links
        # (for a penalty) costs more than it tells, with a page holding a hundred of them.
        return
    links, longest = _links(block)
    is_p = tag == "p"
    if is_p:
        body.p_text[block.mem_id] = (text, links)
    if links > LINK_DENSE * length:
        value = -_LINK_PENALTY * links
    elif length < _MIN_BLOCK_CHARS or (longest >= _HEADLINE_CHARS and tag == "li"):
        # A list item led by a headline-long link is a teaser (headline and blurb); the lists
        # of the article itself link a name or a word here and there.
        return
    else:
        value = float(length - links)
    key = body.register(block)
    if key is None:
        return
    body.value[key] = body.value.get(key, 0.0) + value
    if is_p and len(text) >= _MIN_BLOCK_CHARS:
        # Paragraph text, links or not: what protects a container from the furniture rule.
        body.prose[key] = len(text)


def _drop_landmarks(root: LexborNode) -> None:
    """Unlink header, footer, nav and aside before the walk, unless they hold the article.

    They hold half the elements of a typical page (menus, footers full of links), so dropping
    them first halves the walk. A site that wraps its whole content in a landmark keeps it: the
    test is the landmark's share of the page's paragraph text.
    """
    total: int | None = None  # the page's paragraph text, counted once a landmark holds any
    for node in root.css(_LANDMARK_SELECTOR):
        held = _paragraph_chars(node)
        if held:
            if total is None:
                total = _paragraph_chars(root)
            if held > _MAX_REMOVED_SHARE * total:
                continue
        node.remove()


def _paragraph_chars(node: LexborNode) -> int:
    return sum(n for p in node.css("p") if (n := len(p.text())) >= _MIN_BLOCK_CHARS)


def _drop_furniture(body: BlockTree, furniture: list[tuple[LexborNode, int]]) -> None:
    """Unlink class-named furniture, unless it holds the article's prose; set ``body.held``.

    Protection is measured in paragraph text, not raw text: a Blogger "widget Blog" or a
    "field-label-hidden" wrapper holds the article's paragraphs, a sidebar widget holds links.
    """
    prose = body.subtree_sums(body.prose)
    body.held = prose
    if not furniture:
        return
    total = prose.get(body.root.mem_id, 0.0) or 1.0
    # Loose text protects only on pages written mostly that way: elsewhere it is the text of
    # teasers, captions and widgets.
    total_loose = sum(body.loose.values())
    if total_loose > total:
        loose = body.subtree_sums(body.loose)
        loose_limit = _MAX_FURNITURE_SHARE * total_loose
    else:
        loose, loose_limit = {}, float("inf")
    dead = body.dead
    registered = body.parent_of
    for node, kind in furniture:
        key = node.mem_id
        if kind == COMMENTS or (
            prose.get(key, 0.0) < _MAX_FURNITURE_SHARE * total and loose.get(key, 0.0) < loose_limit
        ):
            node.remove()
            if key in registered:
                dead.add(key)  # only registered elements can hold scored text
    if not dead:
        return
    # Everything registered under a dead element is dead too; parents come before children.
    for key in reversed(body.bottom_up()):
        if key not in dead and registered[key] in dead:
            dead.add(key)
    body.held = body.subtree_sums(body.prose)


def _candidates(body: BlockTree) -> Iterator[list[LexborNode]]:
    """The element whose subtree gathers the most prose net of link lists.

    Each block's value is added to its nearest ancestors, so the winner is the smallest element
    that holds the article's paragraphs together: going one level higher only adds sidebars and
    menus (negative), one level lower loses paragraphs.
    """
    dead = body.dead
    parent_of = body.parent_of
    total: dict[int, float] = {}
    for key, value in body.value.items():
        if key in dead:
            continue
        up: int | None = key
        for share in _SHARES:
            if up is None:
                break
            total[up] = total.get(up, 0.0) + value * share
            up = parent_of[up]
    if not total:
        return
    prose = body.held
    ranked = sorted(total, key=total.__getitem__, reverse=True)[:_CANDIDATES]
    # Lazily: the runners-up are only looked at when the winner renders to nothing.
    for key in ranked:
        if total[key] > 0:
            yield _with_siblings(body, body.nodes[key], total, prose)


def _with_siblings(
    body: BlockTree, best: LexborNode, total: dict[int, float], prose: dict[int, float]
) -> list[LexborNode]:
    """The winner plus siblings that carry a fair share of prose themselves.

    A lead paragraph or the second half of a body often sits beside the main block, split by
    an ad slot or a photo. A single paragraph that won (a one-paragraph brief) stands for its
    parent.
    """
    if best.tag in _LEAF_BLOCKS and best.parent is not None:
        best = best.parent
    # Climb through wrappers that add nothing ("<div><div><p>..."): the siblings that matter
    # (NYT splits its body into several "StoryBodyCompanionColumn" divs) sit above them.
    allowance = len(best.text()) * 0.05 + 20  # what all the wrappers together may add
    parent = best.parent
    while parent is not None and parent.tag not in ("body", "html"):
        added = _added_text(parent, best, allowance)
        if added is None:
            break
        allowance -= added
        best, parent = parent, parent.parent
    if parent is None or best.tag in ("body", "html"):
        return [best]
    best_id = best.mem_id
    best_chars = prose.get(best_id, 0.0)
    best_total = total.get(best_id, 0.0)
    chosen: list[LexborNode] = []
    for sibling in parent.iter():
        key = sibling.mem_id
        if key == best_id:
            chosen.append(sibling)
            continue
        chars = prose.get(key, 0.0)
        score = total.get(key, 0.0)
        if not chars and score <= 0 and sibling.tag != "p":
            continue  # nothing registered under it: no prose, no scored block
        attrs = sibling.attributes
        if attrs and furniture_kind(attrs.get("class"), attrs.get("id")) != KEEP:
            continue
        if chars >= _SIBLING_SHARE * best_chars or (score >= _SIBLING_SHARE * best_total > 0):
            if chars or _link_chars(sibling) < 0.25 * len(sibling.text() or "x"):
                chosen.append(sibling)
        elif sibling.tag == "p":
            text = sibling.text()
            if len(text) > 80 and _link_chars(sibling) < 0.25 * len(text):
                chosen.append(sibling)
    return chosen


def _prefer_declared(body: BlockTree, group: list[LexborNode]) -> list[LexborNode]:
    """The publisher's own article element inside the chosen group, when it holds nearly all
    of the group's prose.

    ``<article>`` and ``itemprop=articleBody`` say where the article is; the scored group may
    have grown past it into teaser cards and widgets beside it.
    """
    prose = body.held
    chosen = sum(prose.get(node.mem_id, 0.0) for node in group)
    if chosen <= 0:
        return group
    group_ids = {node.mem_id for node in group}
    declared = [
        (node, prose.get(node.mem_id, 0.0))
        for node in body.declared
        if node.mem_id not in group_ids and _under(body, node, group_ids)
    ]
    if not declared:
        return group
    best, best_chars = max(declared, key=lambda item: item[1])
    # Prose in the other article elements beside it is teaser cards, each an <article> of its
    # own: it does not count against the main one.
    best_id = best.mem_id
    cards = sum(
        chars
        for node, chars in declared
        if node.mem_id != best_id and not _under(body, node, {best_id})
    )
    if best_chars < _DECLARED_SHARE * max(1.0, chosen - cards):
        return group
    return [best]


def _under(body: BlockTree, node: LexborNode, ancestors: set[int]) -> bool:
    """Whether a registered ``node`` sits below one of ``ancestors`` (and is alive)."""
    key: int | None = node.mem_id
    if key not in body.parent_of:
        return False
    while key is not None:
        if key in body.dead:
            return False
        key = body.parent_of[key]
        if key in ancestors:
            return True
    return False


def _added_text(parent: LexborNode, child: LexborNode, limit: float) -> int | None:
    """Characters of text ``parent`` holds besides ``child``, or None once over ``limit``.

    Measured over the other children only, stopping early: the parent's own ``text()`` would
    rebuild the whole article's text at every step of the climb.
    """
    added = 0
    child_id = child.mem_id
    for other in parent.iter(include_text=True):
        if other.mem_id == child_id:
            continue
        if other.is_text_node:
            added += len(other.text_content or "")
        elif other.is_element_node:  # not comments, which text() leaves out too
            added += len(other.text())
        if added > limit:
            return None
    return added


def _links(node: LexborNode) -> tuple[int, int]:
    """Characters of link text under ``node``, and those of its longest link."""
    chars = longest = 0
    for child in node.traverse():
        if child.tag == "a":
            size = len(child.text())
            chars += size
            longest = max(longest, size)
    return chars, longest


def _link_chars(node: LexborNode) -> int:
    """Characters of link text under ``node``.

    A walk rather than ``node.css("a")``: compiling a selector costs about four times what
    walking a paragraph does, and this runs for every scored block.
    """
    chars = 0
    for child in node.traverse():
        if child.tag == "a":
            chars += len(child.text())
    return chars
