#pragma once

#include <string>

namespace parley {

// Turns what a person types into an FTS5 MATCH expression that cannot be a
// syntax error: every word must match, "quoted phrases" stay phrases, and a
// trailing * keeps a prefix search. Throws HistoryError for an empty query.
std::string fts_match_expression(const std::string& query);

}  // namespace parley
