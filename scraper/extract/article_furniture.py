"""What page furniture looks like: tag and class/id vocabulary of navigation, share bars, ads...

``article_body`` asks ``furniture_kind`` about every container with a class or id, so the answer
is memoised per distinct attribute string: a page repeats a few dozen of them on hundreds of
elements, and an outlet repeats them on every article.
"""

from __future__ import annotations

import re
from functools import lru_cache

# Never article text, and their text would dilute the density signal.
JUNK_TAGS = frozenset(
    (  # noqa: SIM905
        "script style noscript template svg canvas iframe object embed button select input "
        "textarea menu dialog link meta figcaption"
    ).split()
)
# Page landmarks: furniture too, unless they wrap most of the page's prose.
LANDMARK_TAGS = frozenset({"header", "footer", "aside", "nav"})
# Only containers are judged by class/id: spans, links and list items with classes are many and
# go with their container or by link density.
CONTAINER_TAGS = frozenset(
    {"div", "section", "ul", "ol", "table", "form", "figure", "article", "p"}
)

# class/id words of page furniture. Matched as whole words (``-``/``_`` separate words) so that
# "headline" does not hit "ad" and "main-content" does not hit "nav".
_FURNITURE_WORDS = frozenset(
    (  # noqa: SIM905
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
)
_TOKEN_SPLIT = re.compile(r"[-_]+")
# Reader comments can outweigh the article in paragraphs; they go whatever their size.
_COMMENTS_RE = re.compile(r"comment|disqus|respond|reply|replies")
# ...unless the same attribute also says it is the article: "article-body has-share-bar".
_CONTENT_RE = re.compile(
    r"(?<![a-z])(?:article-?body|articlebody|article-?content|entry-?content|post-?content|"
    r"post-?body|story-?body|story-?content|main-?content|article-?text|body-?text|rich-?text)"
    r"(?![a-z])"
)

KEEP, FURNITURE, COMMENTS = 0, 1, 2


@lru_cache(maxsize=16384)
def furniture_kind(class_: str | None, id_: str | None) -> int:
    """``KEEP``, ``FURNITURE`` or ``COMMENTS`` for an element's class and id attributes.

    A furniture word must sit at either end of one token: "share-bar", "post-comments" and
    "main-nav" are furniture, while "content-with-sidebar-wrap" is the wrapper of the article.
    """
    words = f"{class_ or ''} {id_ or ''}".lower()
    if len(words) < 3:
        return KEEP
    # Set lookups per token rather than one big alternation regex, which was the slowest part
    # of the whole extraction when it ran on every container.
    for token in words.split():
        if token not in _FURNITURE_WORDS:
            # BEM names ("c-nav-list__main", "share--large"): judge the block name.
            parts = _TOKEN_SPLIT.split(token.split("__", 1)[0].split("--", 1)[0])
            if parts[0] not in _FURNITURE_WORDS and parts[-1] not in _FURNITURE_WORDS:
                continue
        if _CONTENT_RE.search(words):
            return KEEP
        return COMMENTS if _COMMENTS_RE.search(words) else FURNITURE
    return KEEP
