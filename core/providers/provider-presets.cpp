#include "providers/provider-presets.h"

#include <array>

namespace parley {

namespace {

// Base URLs follow each vendor's own SDK: OpenAI-style URLs include /v1,
// Anthropic and Gemini take the host root.
constexpr std::array kPresets{
    ProviderPreset{"openai", ProviderKind::openai, "https://api.openai.com/v1", "gpt-4o-mini", "OPENAI_API_KEY"},
    ProviderPreset{"anthropic", ProviderKind::anthropic, "https://api.anthropic.com", "claude-sonnet-4-5",
                   "ANTHROPIC_API_KEY"},
    ProviderPreset{"gemini", ProviderKind::gemini, "https://generativelanguage.googleapis.com", "gemini-2.5-flash",
                   "GEMINI_API_KEY"},
    ProviderPreset{"ollama", ProviderKind::openai_compatible, "http://127.0.0.1:11434/v1", "llama3.2", ""},
    ProviderPreset{"lmstudio", ProviderKind::openai_compatible, "http://127.0.0.1:1234/v1", "", ""},
    ProviderPreset{"openrouter", ProviderKind::openai_compatible, "https://openrouter.ai/api/v1", "openrouter/auto",
                   "OPENROUTER_API_KEY"},
    ProviderPreset{"groq", ProviderKind::openai_compatible, "https://api.groq.com/openai/v1",
                   "llama-3.3-70b-versatile", "GROQ_API_KEY"},
    ProviderPreset{"mistral", ProviderKind::openai_compatible, "https://api.mistral.ai/v1", "mistral-large-latest",
                   "MISTRAL_API_KEY"},
    ProviderPreset{"deepseek", ProviderKind::openai_compatible, "https://api.deepseek.com/v1", "deepseek-chat",
                   "DEEPSEEK_API_KEY"},
    ProviderPreset{"xai", ProviderKind::openai_compatible, "https://api.x.ai/v1", "grok-3", "XAI_API_KEY"},
    ProviderPreset{"together", ProviderKind::openai_compatible, "https://api.together.xyz/v1",
                   "meta-llama/Llama-3.3-70B-Instruct-Turbo", "TOGETHER_API_KEY"},
    // Azure: https://RESOURCE.openai.azure.com, deployments named by the user.
    ProviderPreset{"azure", ProviderKind::openai_compatible, "", "", "AZURE_OPENAI_API_KEY"},
    ProviderPreset{"openai-compatible", ProviderKind::openai_compatible, "", "", ""},
};

}  // namespace

std::span<const ProviderPreset> provider_presets() { return kPresets; }

std::optional<ProviderPreset> find_preset(std::string_view name) {
    for (const auto& preset : kPresets) {
        if (preset.name == name) return preset;
    }
    return std::nullopt;
}

ProviderPreset default_preset(ProviderKind kind) { return *find_preset(to_string(kind)); }

}  // namespace parley
