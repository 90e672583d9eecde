#pragma once

// A stand-in for a decoder's SSE shortcut: it takes a payload that is one
// flat JSON-like object, "{" to the first "}", without control characters.
// Shared by the SSE parser's test and fuzzer, which check that a parser with
// it hands over the same events as one without.
#include "net/sse-parser.h"

#include <cstddef>
#include <functional>
#include <optional>
#include <string_view>
#include <utility>

namespace parley::test {

class BraceFastPath final : public SseFastPath {
public:
    explicit BraceFastPath(std::function<void(std::string_view)> on_payload) : on_payload_(std::move(on_payload)) {}

    std::optional<std::size_t> match(std::string_view rest) override {
        if (rest.empty() || rest.front() != '{') return std::nullopt;
        for (std::size_t i = 1; i < rest.size(); ++i) {
            if (static_cast<unsigned char>(rest[i]) < 0x20) return std::nullopt;
            if (rest[i] == '}') {
                matched_ = rest.substr(0, i + 1);
                return matched_.size();
            }
        }
        return std::nullopt;
    }
    void take() override {
        ++taken_;
        on_payload_(matched_);
    }
    std::size_t taken() const { return taken_; }

private:
    std::function<void(std::string_view)> on_payload_;
    std::string_view matched_;
    std::size_t taken_ = 0;
};

}  // namespace parley::test
