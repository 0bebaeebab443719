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

# Variables: mediaIds ([Int]), after (Int, unix seconds), before (Int or null), page (Int!),
# perPage (Int!, at most 50). Read by `domain.anilist.parse.parse_airing_page`.
AIRING_SCHEDULE = """
query AiringSchedule($mediaIds: [Int], $after: Int, $before: Int, $page: Int!, $perPage: Int!) {
  Page(page: $page, perPage: $perPage) {
    pageInfo { hasNextPage }
    airingSchedules(
      mediaId_in: $mediaIds, airingAt_greater: $after, airingAt_lesser: $before, sort: [TIME]
    ) {
      id
      airingAt
      episode
      mediaId
    }
  }
}
"""
