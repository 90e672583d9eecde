#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace parley {

// JSON from archives and providers nested deeper than this is refused before
// it is used: nlohmann_json copies, compares and dumps a value by recursion,
// one stack frame per level, so 100,000 levels (200 KB of text) overflow a
// thread's stack. No real archive or reply comes close.
inline constexpr std::size_t kMaxJsonDepth = 256;

// The byte offset of the bracket at which `text` first nests arrays and
// objects deeper than `max_depth` (brackets inside strings do not count), or
// nullopt when it never does. Malformed text is left to the parser.
std::optional<std::size_t> find_excess_json_nesting(std::string_view text, std::size_t max_depth = kMaxJsonDepth);

}  // namespace parley
