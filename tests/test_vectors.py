from __future__ import annotations

import random

from scraper.dedup import scorer
from scraper.dedup.vectors import WordIds


def _vector(rng: random.Random, vocab: list[str], n: int) -> dict[str, float]:
    return {w: rng.uniform(0.01, 9.0) for w in rng.sample(vocab, n)}


def _pack(ids: WordIds, vector: dict[str, float]) -> bytes:
    words = sorted(vector)
    return ids.pack(words, [vector[w] for w in words])


def test_dot_products_are_scorer_cosine_sums_to_the_bit() -> None:
    # the batch adds the shared words' products left to right in word order, as scorer.cosine
    rng = random.Random(3)
    vocab = [f"w{i}" for i in range(300)]
    ids = WordIds(64)
    for _ in range(50):
        post = _vector(rng, vocab, rng.randint(0, 64))
        others = [_vector(rng, vocab, rng.randint(0, 64)) for _ in range(rng.randint(0, 40))]
        packed = [_pack(ids, v) for v in others]
        dots, shares = ids.dot_products(_pack(ids, post), packed)
        assert len(dots) == len(shares) == len(others)
        for other, dot, shared in zip(others, dots, shares, strict=True):
            assert shared == len(post.keys() & other.keys())
            assert dot == scorer.cosine(post, 1.0, other, 1.0)
            assert type(dot) is float and type(shared) is int


def test_ids_are_reused_only_once_no_window_post_has_the_word() -> None:
    ids = WordIds(4)
    a = _pack(ids, {"x": 1.0, "y": 2.0})
    b = _pack(ids, {"y": 3.0, "z": 4.0})
    assert len(ids) == 3
    live = {"y": 1, "z": 1}  # a evicted: x is in no post any more, y still in b
    ids.release(a, live)
    assert len(ids) == 2
    c = _pack(ids, {"q": 5.0})  # takes x's id
    assert ids.unpack(c) == {"q": 5.0}
    assert ids.unpack(b) == {"y": 3.0, "z": 4.0}
    assert ids.dot_products(_pack(ids, {"y": 2.0, "q": 1.0}), [b, c]) == ([6.0, 5.0], [1, 1])
