#include "archive/json-element-stream.h"

#include "util/json-nesting.h"

#include <string>
#include <vector>

namespace parley {

namespace {

using nlohmann::json;

class ElementBuilder final : public nlohmann::json_sax<json> {
public:
    explicit ElementBuilder(const std::function<void(json, std::size_t)>& on_element) : on_element_(on_element) {}

    bool null() override { return value(nullptr); }
    bool boolean(bool v) override { return value(v); }
    bool number_integer(number_integer_t v) override { return value(v); }
    bool number_unsigned(number_unsigned_t v) override { return value(v); }
    bool number_float(number_float_t v, const string_t&) override { return value(v); }
    bool string(string_t& v) override { return value(std::move(v)); }
    bool binary(binary_t&) override { return fail("binary values are not JSON"); }

    bool start_object(std::size_t) override { return open(json::object()); }
    bool start_array(std::size_t) override {
        if (!top_level_seen_) {
            top_level_seen_ = true;
            return true;
        }
        return open(json::array());
    }
    bool key(string_t& k) override {
        key_ = std::move(k);
        return true;
    }
    bool end_object() override { return close(); }
    bool end_array() override {
        if (stack_.empty()) return true;  // the top-level array
        return close();
    }
    bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception& e) override {
        throw ArchiveError("not valid JSON at byte " + std::to_string(position) + " (in element " +
                           std::to_string(index_) + "): " + without_prefix(e.what()));
    }

private:
    static std::string without_prefix(const std::string& what) {
        // nlohmann's messages start with "[json.exception.parse_error.101] parse error at line 1, column 2: ".
        const auto colon = what.find(": ");
        return colon == std::string::npos ? what : what.substr(colon + 2);
    }

    bool fail(const std::string& why) { throw ArchiveError(why); }

    bool open(json container) {
        if (!top_level_seen_) top_level_seen_ = true;
        if (stack_.size() >= kMaxJsonDepth) {
            throw ArchiveError("conversation " + std::to_string(index_ + 1) + " nests JSON deeper than " +
                               std::to_string(kMaxJsonDepth) + " levels");
        }
        if (stack_.empty()) {
            element_ = std::move(container);
            stack_.push_back(&element_);
            return true;
        }
        stack_.push_back(insert(std::move(container)));
        return true;
    }

    bool close() {
        stack_.pop_back();
        if (stack_.empty()) {
            on_element_(std::move(element_), index_++);
            element_ = nullptr;
        }
        return true;
    }

    template <typename T>
    bool value(T&& v) {
        if (stack_.empty()) throw ArchiveError("expected an array of conversations or one conversation object");
        insert(json(std::forward<T>(v)));
        return true;
    }

    json* insert(json v) {
        json& parent = *stack_.back();
        if (parent.is_object()) {
            json& slot = parent[key_];
            slot = std::move(v);
            return &slot;
        }
        parent.push_back(std::move(v));
        return &parent.back();
    }

    const std::function<void(json, std::size_t)>& on_element_;
    std::vector<json*> stack_;
    json element_;
    std::string key_;
    std::size_t index_ = 0;
    bool top_level_seen_ = false;
};

}  // namespace

const json& json_member(const json& object, const char* key, const json& fallback) {
    if (!object.is_object()) return fallback;
    const auto it = object.find(key);
    return it == object.end() ? fallback : *it;
}

void for_each_json_element(std::istream& in, const std::function<void(json element, std::size_t index)>& on_element) {
    ElementBuilder builder(on_element);
    json::sax_parse(in, &builder);
}

}  // namespace parley
