#include "command-arguments.h"

#include <charconv>

namespace parley::licensing {

std::optional<std::string> CommandArguments::take_option(const std::string& name) {
    std::optional<std::string> value;
    for (std::size_t i = 0; i < words_.size();) {
        if (words_[i] == name) {
            if (i + 1 >= words_.size()) throw UsageError(name + " needs a value");
            value = words_[i + 1];
            words_.erase(words_.begin() + static_cast<long>(i), words_.begin() + static_cast<long>(i) + 2);
        } else if (words_[i].starts_with(name + "=")) {
            value = words_[i].substr(name.size() + 1);
            words_.erase(words_.begin() + static_cast<long>(i));
        } else {
            ++i;
        }
    }
    return value;
}

std::string CommandArguments::require_option(const std::string& name) {
    std::optional<std::string> value = take_option(name);
    if (!value || value->empty()) throw UsageError(name + " is required");
    return *value;
}

bool CommandArguments::take_flag(const std::string& name) {
    bool found = false;
    std::erase_if(words_, [&](const std::string& word) { return word == name ? (found = true) : false; });
    return found;
}

std::string CommandArguments::take_positional(const std::string& what) {
    for (auto it = words_.begin(); it != words_.end(); ++it) {
        if (it->starts_with("--")) continue;
        std::string value = *it;
        words_.erase(it);
        return value;
    }
    throw UsageError(what + " is missing");
}

void CommandArguments::expect_end() const {
    if (!words_.empty()) throw UsageError("unexpected argument: " + words_.front());
}

int parse_count(const std::string& option, const std::string& text, int minimum) {
    int value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size() || value < minimum) {
        throw UsageError(option + " takes a whole number of at least " + std::to_string(minimum));
    }
    return value;
}

}  // namespace parley::licensing
