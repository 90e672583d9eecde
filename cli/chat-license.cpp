#include "chat-license.h"

#include <iostream>

namespace parley {

ChatLicense::ChatLicense(Profile& profile) : licensing_(profile) {}

std::unique_ptr<ChatLicense> ChatLicense::admit(CliContext& context) {
    std::unique_ptr<ChatLicense> admitted(new ChatLicense(context.profile()));
    const LicenseReport report = admitted->licensing_.status();
    if (!allows_chat(report.status.state)) {
        std::cerr << "parley-cli: license " << to_string(report.status.state) << ": "
                  << license_refusal_message(report, LicenseAdvice::cli) << "\n";
        return nullptr;
    }
    if (auto due = admitted->licensing_.due_validation()) admitted->validation_.emplace(std::move(*due));
    return admitted;
}

ChatLicense::~ChatLicense() {
    if (!validation_) return;
    try {
        validation_->finish(licensing_);
    } catch (const std::exception&) {
        // The chat's outcome stands; the next run tries again.
    }
}

}  // namespace parley
