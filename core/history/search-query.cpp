#include "history/search-query.h"

#include "history/history-types.h"

#include <vector>

namespace parley {

namespace {

std::string quoted(const std::string& term) {
    std::string out = "\"";
    for (const char c : term) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

}  // namespace

std::string fts_match_expression(const std::string& query) {
    std::vector<std::string> terms;
    std::size_t i = 0;
    while (i < query.size()) {
        if (is_space(query[i])) {
            ++i;
            continue;
        }
        if (query[i] == '"') {
            const auto close = query.find('"', i + 1);
            const std::string phrase = query.substr(i + 1, close == std::string::npos ? std::string::npos : close - i - 1);
            if (!phrase.empty()) terms.push_back(quoted(phrase));
            i = close == std::string::npos ? query.size() : close + 1;
            continue;
        }
        std::size_t end = i;
        while (end < query.size() && !is_space(query[end]) && query[end] != '"') ++end;
        std::string word = query.substr(i, end - i);
        const bool prefix = word.size() > 1 && word.back() == '*';
        if (prefix) word.pop_back();
        if (!word.empty() && word != "*") terms.push_back(quoted(word) + (prefix ? "*" : ""));
        i = end;
    }
    if (terms.empty()) throw HistoryError("the search is empty: type the words to look for");
    std::string expression;
    for (const auto& term : terms) expression += (expression.empty() ? "" : " ") + term;
    return expression;
}

}  // namespace parley
