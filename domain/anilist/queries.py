"""AniList GraphQL documents, one named constant each, checked against AniList's schema in the
tests."""

from __future__ import annotations

# The fields `domain.anilist.parse.parse_media` reads.
MEDIA_FIELDS = """
fragment MediaFields on Media {
  id
  title { romaji english native }
  synonyms
  episodes
  status
  seasonYear
  format
}
"""

# Variables: search (String!), perPage (Int!, at most 50).
SEARCH_MEDIA = (
    """
query SearchMedia($search: String!, $perPage: Int!) {
  Page(perPage: $perPage) {
    media(search: $search, type: ANIME, sort: [SEARCH_MATCH]) {
      ...MediaFields
    }
  }
}
"""
    + MEDIA_FIELDS
)
