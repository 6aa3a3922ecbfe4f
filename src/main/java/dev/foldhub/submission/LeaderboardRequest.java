package dev.foldhub.submission;

import com.fasterxml.jackson.annotation.JsonProperty;

/** PUT /api/submissions/{id}/leaderboard: Kaggle's public and private scores, each optional, in [0, 1]. */
record LeaderboardRequest(@JsonProperty("public") Double publicScore, @JsonProperty("private") Double privateScore) {
}
