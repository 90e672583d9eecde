#include "providers/provider-kind.h"

namespace parley {

std::string_view to_string(ProviderKind kind) {
    switch (kind) {
        case ProviderKind::openai: return "openai";
        case ProviderKind::anthropic: return "anthropic";
        case ProviderKind::gemini: return "gemini";
        case ProviderKind::openai_compatible: return "openai-compatible";
    }
    return "openai-compatible";
}

std::optional<ProviderKind> parse_provider_kind(std::string_view text) {
    for (auto kind : {ProviderKind::openai, ProviderKind::anthropic, ProviderKind::gemini,
                      ProviderKind::openai_compatible}) {
        if (to_string(kind) == text) return kind;
    }
    return std::nullopt;
}

std::string_view display_name(ProviderKind kind) {
    switch (kind) {
        case ProviderKind::openai: return "OpenAI";
        case ProviderKind::anthropic: return "Anthropic";
        case ProviderKind::gemini: return "Gemini";
        case ProviderKind::openai_compatible: return "OpenAI-compatible";
    }
    return "OpenAI-compatible";
}

}  // namespace parley
