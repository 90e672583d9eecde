#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace parley {

enum class ProviderKind { openai, anthropic, gemini, openai_compatible };

std::string_view to_string(ProviderKind kind);
std::optional<ProviderKind> parse_provider_kind(std::string_view text);
// The name users know the wire format by, for messages: "OpenAI", "Anthropic"...
std::string_view display_name(ProviderKind kind);

}  // namespace parley
