#include "argument-list.h"

#include <algorithm>
#include <charconv>

namespace parley {

ArgumentList::ArgumentList(std::vector<std::string> args) : args_(std::move(args)) {}

bool ArgumentList::take_flag(const std::string& name) {
    const auto it = std::find(args_.begin(), args_.end(), name);
    if (it == args_.end()) return false;
    args_.erase(it);
    return true;
}

std::optional<std::string> ArgumentList::take_value(const std::string& name, const std::string& short_name) {
    auto values = take_values(name, short_name);
    if (values.empty()) return std::nullopt;
    // Given twice, the last wins, as in most command-line tools.
    return values.back();
}

std::vector<std::string> ArgumentList::take_values(const std::string& name, const std::string& short_name) {
    std::vector<std::string> values;
    for (std::size_t i = 0; i < args_.size();) {
        const std::string& arg = args_[i];
        if (arg == "--") break;
        if (arg == name || (!short_name.empty() && arg == short_name)) {
            if (i + 1 >= args_.size()) throw UsageError(arg + " needs a value");
            values.push_back(args_[i + 1]);
            args_.erase(args_.begin() + static_cast<long>(i), args_.begin() + static_cast<long>(i) + 2);
            continue;
        }
        if (arg.starts_with(name + "=")) {
            values.push_back(arg.substr(name.size() + 1));
            args_.erase(args_.begin() + static_cast<long>(i));
            continue;
        }
        ++i;
    }
    return values;
}

std::string ArgumentList::require_value(const std::string& name, const std::string& short_name) {
    const std::optional<std::string> value = take_value(name, short_name);
    if (!value || value->empty()) throw UsageError(name + " is required");
    return *value;
}

std::optional<std::string> ArgumentList::next_positional() {
    for (std::size_t i = 0; i < args_.size(); ++i) {
        if (args_[i] == "--") {
            if (i + 1 >= args_.size()) return std::nullopt;
            std::string value = args_[i + 1];
            args_.erase(args_.begin() + static_cast<long>(i) + 1);
            if (i + 1 >= args_.size()) args_.erase(args_.begin() + static_cast<long>(i));
            return value;
        }
        // "-" alone means standard input and is a positional.
        if (args_[i] == "-" || !args_[i].starts_with("-")) {
            std::string value = args_[i];
            args_.erase(args_.begin() + static_cast<long>(i));
            return value;
        }
    }
    return std::nullopt;
}

std::string ArgumentList::require_positional(const std::string& what) {
    auto value = next_positional();
    if (!value) throw UsageError("missing " + what);
    return *value;
}

void ArgumentList::expect_end() const {
    for (const auto& arg : args_) {
        if (arg == "--") continue;
        if (arg.starts_with("-") && arg != "-") throw UsageError("unknown option: " + arg);
        throw UsageError("unexpected argument: " + arg);
    }
}

int parse_count(const std::string& option, const std::string& text, int minimum) {
    int value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size() || value < minimum) {
        throw UsageError(option + " takes a whole number of at least " + std::to_string(minimum));
    }
    return value;
}

}  // namespace parley
