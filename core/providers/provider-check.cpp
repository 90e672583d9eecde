#include "providers/provider-check.h"

#include <stdexcept>

namespace parley {

namespace {

class CountingSink final : public ReplySink {
public:
    void on_text(std::string_view text) override { received += text.size(); }
    void on_reasoning(std::string_view) override {}
    std::size_t received = 0;
};

}  // namespace

ProviderCheck check_provider(const ProviderProfile& profile, const NetworkOptions& network, const std::string& model,
                             const Secret& key, CancelToken& cancel) {
    if (model.empty()) throw std::invalid_argument("a provider test needs a model");
    const ProviderClient client(profile, network, RetryPolicy{0});
    ChatRequest request;
    request.model = model;
    request.turns.push_back({Role::user, "Reply with the single word: ok", {}});
    request.max_tokens = 16;
    CountingSink sink;
    const auto result = client.chat(request, key, sink, cancel);
    return {client.label(), model, sink.received, result.finish_reason};
}

}  // namespace parley
