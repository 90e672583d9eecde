#pragma once

#include "cli-context.h"
#include "licensing/licensing.h"

#include <memory>
#include <optional>

namespace parley {

// The license check in front of `chat`. admit() prints the one-line refusal
// and returns nullptr in every state but trial, active and offline_grace;
// otherwise it may start a re-validation that runs alongside the chat and is
// saved when the chat ends, if it has arrived by then.
class ChatLicense {
public:
    static std::unique_ptr<ChatLicense> admit(CliContext& context);
    ~ChatLicense();
    ChatLicense(const ChatLicense&) = delete;
    ChatLicense& operator=(const ChatLicense&) = delete;

private:
    explicit ChatLicense(Profile& profile);

    Licensing licensing_;
    std::optional<BackgroundValidation> validation_;
};

}  // namespace parley
