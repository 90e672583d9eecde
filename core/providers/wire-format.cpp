#include "providers/wire-format.h"

#include "providers/anthropic-wire-format.h"
#include "providers/gemini-wire-format.h"
#include "providers/openai-wire-format.h"

namespace parley {

std::unique_ptr<WireFormat> make_wire_format(const ProviderProfile& profile) {
    switch (profile.kind) {
        case ProviderKind::anthropic: return std::make_unique<AnthropicWireFormat>();
        case ProviderKind::gemini: return std::make_unique<GeminiWireFormat>();
        case ProviderKind::openai:
        case ProviderKind::openai_compatible: return std::make_unique<OpenAiWireFormat>();
    }
    return std::make_unique<OpenAiWireFormat>();
}

}  // namespace parley
