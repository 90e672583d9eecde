#pragma once

#include <nlohmann/json.hpp>

#include <cstddef>
#include <functional>
#include <istream>
#include <stdexcept>

namespace parley {

// A file that is not the archive it claims to be; the message says where.
class ArchiveError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// The member `key` of `object`, or `fallback` when `object` has none: a
// reference, so no subtree of an archive is ever copied.
const nlohmann::json& json_member(const nlohmann::json& object, const char* key, const nlohmann::json& fallback);

// Reads a JSON document whose top level is an array (or one object) and
// hands each top-level element to `on_element` as soon as it is complete,
// so an archive of any size is held one conversation at a time. Throws
// ArchiveError with the byte offset on malformed or truncated input, and for
// an element nested deeper than kMaxJsonDepth.
void for_each_json_element(std::istream& in, const std::function<void(nlohmann::json element, std::size_t index)>& on_element);

}  // namespace parley
