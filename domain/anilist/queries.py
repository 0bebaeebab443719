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

# Variables: id (Int!). Only PREQUEL and SEQUEL edges are read, to chain a show's seasons.
MEDIA_RELATIONS = """
query MediaRelations($id: Int!) {
  Media(id: $id, type: ANIME) {
    id
    episodes
    format
    relations {
      edges {
        relationType(version: 2)
        node { id type format episodes }
      }
    }
  }
}
"""
