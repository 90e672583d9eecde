#include "chat/chat-settings.h"

#include <charconv>
#include <limits>
#include <string>

namespace parley {

namespace {

template <typename T>
std::optional<T> configured_number(const Settings& settings, const char* key, T low, T high) {
    const std::string text = settings.get(key);
    if (text.empty()) return std::nullopt;
    T value{};
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size() || value < low || value > high) {
        throw SettingsError(std::string(key) + " in the settings file is '" + text +
                            "', which it does not allow; set it again in Preferences or with parley-cli config set");
    }
    return value;
}

}  // namespace

ChatOptions apply_chat_settings(const Settings& settings, ChatOptions given, ChatTarget target) {
    if (!given.temperature) given.temperature = configured_number(settings, "chat.temperature", 0.0, 2.0);
    if (!given.max_tokens) {
        given.max_tokens = configured_number(settings, "chat.max_tokens", 1, std::numeric_limits<int>::max());
    }
    if (!given.system_prompt && target == ChatTarget::new_conversation) {
        if (std::string prompt = settings.get("chat.system_prompt"); !prompt.empty()) {
            given.system_prompt = std::move(prompt);
        }
    }
    return given;
}

}  // namespace parley
