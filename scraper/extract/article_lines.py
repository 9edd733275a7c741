"""Lines of page furniture left in an article's text flow: ad slots, share widgets, credits.

The body is the right container by then, but sites write widgets into it: "Advertisement",
"Sharing is caring!", a photo credit, "5 Min Read", a newsletter pitch. Each rendered paragraph
is checked here; only short ones can be furniture, and cheap string tests come before any
regular expression (this runs on every paragraph of every article).
"""

from __future__ import annotations

import re

# Whole lines (lower-cased, without trailing punctuation) that ad and widget slots leave, in the
# languages we read.
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
        "advert",
        "adverts",
        "don't miss",
        "this slideshow requires javascript",
        "comments",
        "tell us what you think",
        "click here",
        "share this",
        "share this article",
        "most read",
        "related articles",
        "related news",
        "related stories",
        "related",
        "advertisement - scroll to continue",
        # gallery and widget controls
        "caption",
        "close",
        "back to gallery",
        "topics",
        "more",
        "filed under",
        # share and like buttons (WordPress writes them into the post, in the site's language)
        "sharing is caring",
        "you may also like",
        "like this",
        "like this story? share it with a friend",
        "iklan",
        "sukai ini",
        "suka memuat",
        "bagikan ini",
        "gefällt mir",
        "teilen mit",
        "j'aime",
        "partager",
        "me gusta",
        "compartir",
        "curtir isso",
        "compartilhe isso",
    }
)
_FILLER_MAX = max(len(line) for line in _FILLER_LINES) + 4
# Only lines this short are looked at as captions, credits, stamps and bylines.
_LINE_MAX = 160
_PITCH_MAX = 250
_CAPTION_MAX = 300
# A caption line ending in the picture's credit: "... (Image: Getty)", "(Photo: AP)".
_CAPTION_CREDIT_RE = re.compile(
    r"\((?:image|images|photo|photos|picture|pic|credit|foto)s?\s*:[^()]{1,60}\)$", re.I
)
# Lines told by how they start (matched at the start only, so a miss is quick):
_START_RE = re.compile(
    # a reading time: "5 Min Read", "Tempo de leitura: 1 minuto"; a share count: "858shares"
    r"\d+\s*min(?:ute)?s?\s+read$"
    r"|(?:reading time|tempo de leitura|tiempo de lectura|temps de lecture|lesezeit)\s*:?\s*\d"
    r"|\d[\d,.]*k?\s*shares?$"
    # a credit line, "Photo: Damian Dovarganes, AP", or agencies in brackets "(NASA/JPL/ASU)"
    r"|(?:photo|image|picture|credit|foto)s?\s*:"
    r"|\([^()/;]{1,40}/[^();]{1,60}\)$"
    # a byline left in the text: "by Regan December 6, 2017"
    r"|(?:written\s+)?by:?\s+[^.!?]{1,40}$"
    # an update stamp: "Updated at 1:23 p.m."
    r"|(?:last\s+)?(?:updated|published|posted)\b[^.]{0,50}\d"
    # a wire desk's credits: "Reporting by ...; Editing by ..."
    r"|reporting by\b.*\bediting by\b"
    # a CMS shortcode the site failed to render: "[button link=...]Send us...[/button]"
    r"|\[\w+[^\]]*\].*\[/\w+\]$",
    re.I,
)
# A photo credit at the end: "Sakib Ali/Hindustan Times/Getty Images", "... via Getty Images".
_AGENCIES = ("getty images", "shutterstock", "afp", "ap photo", "reuters", "epa", "alamy")
_AGENCY_RE = re.compile(r"(?:/|\bvia\s)\s*(?:" + "|".join(_AGENCIES) + r")\)?$", re.I)
# A newsletter pitch: asks to sign up, names the newsletter.
_PITCH_RE = re.compile(
    r"\b(?:sign up|subscribe)\b.*\bnewsletter\b|\bnewsletter\b.*\b(?:sign up|subscribe)\b", re.I
)
_BAR_BY_RE = re.compile(r"\|\s*by:?\s", re.I)
# A dateline stamp: "November 19, 2019 / 12:21 AM / Updated 14 hours ago".
_STAMP_RE = re.compile(r"\d{4}\s*/\s*\d{1,2}:\d{2}.*\bupdated\b", re.I)


def is_furniture_line(paragraph: str, title: str = "") -> bool:
    """Whether a rendered paragraph is page furniture (or the title again, lower-cased)."""
    low = paragraph.lower()
    if low == title:
        return True
    size = len(paragraph)
    if size >= _CAPTION_MAX:
        return False
    if size <= _FILLER_MAX and low.strip(" .:…!") in _FILLER_LINES:
        return True
    if low.endswith(")") and _CAPTION_CREDIT_RE.search(paragraph):
        return True
    if size < _PITCH_MAX and "newsletter" in low and _PITCH_RE.search(paragraph):
        return True
    if size >= _LINE_MAX:
        return False
    if _START_RE.match(paragraph):
        return True
    if low.rstrip(")").endswith(_AGENCIES) and _AGENCY_RE.search(paragraph):
        return True
    if "| by" in low and _BAR_BY_RE.search(paragraph):
        return True  # "November 12, 2018 | BY: Beachbody"
    return "updated" in low and _STAMP_RE.search(paragraph) is not None
