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
  coverImage { large }
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
    title { romaji }
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

# The fields `domain.anilist.lists.parse_list_entry` reads.
LIST_ENTRY_FIELDS = """
fragment ListEntryFields on MediaList {
  status
  progress
  media {
    id
    title { romaji english native }
    episodes
    status
    nextAiringEpisode { episode airingAt }
  }
}
"""

# Variables: userId (Int!), chunk (Int!, from 1), perChunk (Int!, at most 500). The anime the
# user watches (CURRENT) or rewatches (REPEATING), latest updated first, grouped by status in
# `lists`; `hasNextChunk` says more follow. A private list needs the user's token. Read by
# `domain.anilist.lists.parse_list_chunk`.
WATCHING = (
    """
query Watching($userId: Int!, $chunk: Int!, $perChunk: Int!) {
  MediaListCollection(
    userId: $userId, type: ANIME, status_in: [CURRENT, REPEATING], sort: [UPDATED_TIME_DESC],
    chunk: $chunk, perChunk: $perChunk
  ) {
    hasNextChunk
    lists {
      entries {
        ...ListEntryFields
      }
    }
  }
}
"""
    + LIST_ENTRY_FIELDS
)

# Variables: mediaId (Int!), progress (Int!). Needs the list owner's token.
# Read by `domain.anilist.lists.parse_saved_entry`.
SAVE_PROGRESS = (
    """
mutation SaveProgress($mediaId: Int!, $progress: Int!) {
  SaveMediaListEntry(mediaId: $mediaId, progress: $progress) {
    ...ListEntryFields
  }
}
"""
    + LIST_ENTRY_FIELDS
)

# Variables: mediaId (Int!). Marks the show COMPLETED on the token owner's list (offered once the
# progress reaches the last episode). Read by `domain.anilist.lists.parse_saved_entry`.
SAVE_COMPLETED = (
    """
mutation SaveCompleted($mediaId: Int!) {
  SaveMediaListEntry(mediaId: $mediaId, status: COMPLETED) {
    ...ListEntryFields
  }
}
"""
    + LIST_ENTRY_FIELDS
)
