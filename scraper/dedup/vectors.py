"""The window's tf-idf vectors packed as word ids and weights, and a decision's dot products
with all its candidate posts in one numpy batch (what the linker's pair loop reads).

Why: probing each candidate's word dict with the post's 64 words cost ~5 µs a pair, most of
it cache misses on dicts spread over a big window. A packed vector is one bytes object read
front to back, and the products of all ~40 pairs of a decision are one gather and one running
sum. The sums are those the pair loop made in Python (`scorer.cosine`): the shared words'
products added left to right in word order, so every score is the same to the last bit.
"""

from __future__ import annotations

from array import array
from collections.abc import Container, Sequence

import numpy as np
import numpy.typing as npt

_PAD = 0  # the id of no word: pads a packed vector to its fixed length


class WordIds:
    """Small int ids for the words of the window's vectors, and the vectors packed with them.

    A packed vector is `length` float64 weights then `length` int32 word ids, both in word
    order and padded with weight 0.0 and id `_PAD`: fixed-size rows, so a decision's candidates
    are one matrix. An id is reused once its word has left the window's document frequencies
    (no post in the window has it, so no vector does), so the ids, and the weight table they
    index, stay as large as the window's vocabulary."""

    def __init__(self, length: int) -> None:
        assert array("i").itemsize == 4  # the ids are read back as int32
        self.length = length
        self._zeros = array("d", [0.0]) * length  # the padding, cut to size
        self._pads = [_PAD] * length
        self._ids: dict[str, int] = {}
        self._words: list[str] = [""]  # id → word (id 0 is the padding)
        self._free: list[int] = []
        # id → the weight of that word in the post being decided, 0.0 for every other word
        self._weight: npt.NDArray[np.float64] = np.zeros(1024)

    def __len__(self) -> int:
        return len(self._ids)

    def pack(self, words: Sequence[str], weights: Sequence[float]) -> bytes:
        """A vector (its words in order, their weights) packed; a word without an id gets one."""
        known = self._ids.get
        ids = [word_id if (word_id := known(w)) is not None else self._new(w) for w in words]
        packed = array("d", weights)
        pad = self.length - len(ids)
        packed.extend(self._zeros[:pad])
        return packed.tobytes() + array("i", ids + self._pads[:pad]).tobytes()

    def unpack(self, packed: bytes) -> dict[str, float]:
        """The vector as a dict of words and weights, in word order."""
        weights, ids = self._rows(packed, 1)
        words = self._words
        return {
            words[i]: w
            for i, w in zip(ids[0].tolist(), weights[0].tolist(), strict=True)
            if i != _PAD
        }

    def _new(self, word: str) -> int:
        if self._free:
            word_id = self._free.pop()
            self._words[word_id] = word
        else:
            word_id = len(self._words)
            self._words.append(word)
            if word_id >= len(self._weight):
                grown = np.zeros(2 * len(self._weight))
                grown[: len(self._weight)] = self._weight
                self._weight = grown
        self._ids[word] = word_id
        return word_id

    def release(self, packed: bytes, live: Container[str]) -> None:
        """Free the ids of an evicted post's words that no post in the window has any more
        (`live`: the window's document frequencies, the evicted post's already taken back)."""
        words = self._words
        for word_id in self._rows(packed, 1)[1][0].tolist():
            word = words[word_id]
            if word_id != _PAD and word not in live and self._ids.get(word) == word_id:
                del self._ids[word]
                self._free.append(word_id)

    def _rows(
        self, packed: bytes, rows: int
    ) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.int32]]:
        """Weights and ids of `rows` packed vectors laid end to end, one row each (views)."""
        n = self.length
        return (
            np.ndarray((rows, n), np.float64, packed, 0, (12 * n, 8)),
            np.ndarray((rows, n), np.int32, packed, 8 * n, (12 * n, 4)),
        )

    def dot_products(
        self, post: bytes, candidates: Sequence[bytes]
    ) -> tuple[list[float], list[int]]:
        """For each candidate's packed vector, the sum of the products of the words it shares
        with the post's, added in word order, and how many words they share.

        The post's weights go into the id-indexed weight table, so gathering it by a
        candidate's ids gives the post's weight where a word is shared and 0.0 elsewhere.
        Both vectors are in word order, so a row's products are in the order `scorer.cosine`
        adds them, with zeros between; a cumulative sum along the row adds left to right as
        Python's `sum` does (numpy's `sum` adds pairwise: another order), and adding a zero
        product leaves a positive sum as it was: the last column is the pair loop's sum."""
        k = len(candidates)
        if not k or not self.length:
            return [0.0] * k, [0] * k
        table = self._weight
        post_weights, post_ids = self._rows(post, 1)
        table[post_ids[0]] = post_weights[0]  # the padding's 0.0 lands on _PAD
        weights, ids = self._rows(b"".join(candidates), k)
        products = table[ids]  # (k, length): the post's weight of each candidate word, or 0.0
        table[post_ids[0]] = 0.0
        products *= weights
        shared = (products > 0.0).sum(axis=1).tolist()  # the weights are all positive
        np.cumsum(products, axis=1, out=products)
        return products[:, -1].tolist(), shared
