"""Sources: turn one configured source into posts on the posts stream (fetch → extract → append).

The cursor and HTTP validators of a source are only committed after its posts are appended, so a
crash in between re-fetches and never loses a post (appends are idempotent by post id).
"""
