"""The elements of a page body that carry text, and what each of their ancestors holds.

``article_body`` registers every block it measures here (with the block's ancestors, looked up
once each), then asks for sums over subtrees: how much paragraph text a container holds, what
a furniture candidate would take with it. Sums are computed bottom-up over registered elements
only, never by asking the parser for a container's text.
"""

from __future__ import annotations

from collections.abc import Mapping

from selectolax.lexbor import LexborNode


class BlockTree:
    """One page body: its blocks measured once, and the ancestors of those blocks.

    Elements are keyed by ``mem_id``; only the ancestors of text-carrying blocks are ever
    registered, so sums over subtrees cost one dict update per registered element, not a parser
    call per container.
    """

    def __init__(self, root: LexborNode) -> None:
        self.root = root
        root_id = root.mem_id
        self.nodes: dict[int, LexborNode] = {root_id: root}
        self.parent_of: dict[int, int | None] = {root_id: None}
        self.depth: dict[int, int] = {root_id: 0}
        # Blocks and their value (prose for, link lists against) and prose length.
        self.value: dict[int, float] = {}
        self.prose: dict[int, float] = {}
        # Text written directly in <div>/<span> blocks, the way some CMSs (Blogger) write
        # whole articles without a single <p>.
        self.loose: dict[int, float] = {}
        # <p> text and link characters, reused when rendering the winner.
        self.p_text: dict[int, tuple[str, int]] = {}
        self.dead: set[int] = set()
        # <article> and itemprop=articleBody elements: where the page says its article is.
        self.declared: list[LexborNode] = []
        # Prose under each registered element once furniture is gone (set when furniture is judged).
        self.held: dict[int, float] = {}
        self._order: list[int] = []

    def register(self, node: LexborNode) -> int | None:
        """Record ``node`` and its unknown ancestors; None when it is not under the body."""
        chain: list[LexborNode] = []
        current: LexborNode | None = node
        nodes = self.nodes
        while current is not None:
            key = current.mem_id
            if key in nodes:
                break
            chain.append(current)
            current = current.parent
        if current is None:
            return None  # inside a subtree already unlinked (junk nested in junk, say)
        above = current.mem_id
        level = self.depth[above]
        for item in reversed(chain):
            level += 1
            key = item.mem_id
            nodes[key] = item
            self.parent_of[key] = above
            self.depth[key] = level
            above = key
        return node.mem_id

    def subtree_sums(self, own: Mapping[int, float]) -> dict[int, float]:
        """Each registered element's total of ``own`` over its subtree (dead ones left out)."""
        sums: dict[int, float] = {}
        for key, value in own.items():
            if key not in self.dead:
                sums[key] = sums.get(key, 0.0) + value
        parent_of = self.parent_of
        for key in self.bottom_up():
            held = sums.get(key)
            parent = parent_of[key]
            if held and parent is not None and key not in self.dead:
                sums[parent] = sums.get(parent, 0.0) + held
        return sums

    def bottom_up(self) -> list[int]:
        """Registered elements, deepest first (children before their parents)."""
        if len(self._order) != len(self.nodes):
            self._order = sorted(self.nodes, key=self.depth.__getitem__, reverse=True)
        return self._order
