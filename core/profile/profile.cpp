#include "profile/profile.h"

#include "licensing/machine-fingerprint.h"
#include "vault/file-vault.h"

namespace parley {

Profile::Profile(const std::optional<std::filesystem::path>& home, PlatformServices services)
    : services_(std::move(services)),
      paths_(ProfilePaths::resolve(home, services_.default_paths())),
      settings_(paths_.settings_file()) {
    paths_.create_directories();
    settings_.load();
}

Profile::~Profile() = default;

HistoryStore& Profile::history() {
    if (!history_) {
        history_ = std::make_unique<HistoryStore>(paths_.history_file(), services_.current_pid(),
                                                  services_.process_running);
    }
    return *history_;
}

CredentialStore& Profile::os_store() {
    if (!os_store_) os_store_ = services_.make_os_store(paths_.profile_id);
    return *os_store_;
}

CredentialStore& Profile::file_vault(std::function<Secret()> passphrase) {
    if (!file_vault_) file_vault_ = std::make_unique<FileVault>(paths_.vault_file(), std::move(passphrase));
    return *file_vault_;
}

bool Profile::has_file_vault() const { return std::filesystem::exists(paths_.vault_file()); }

KeyResolver Profile::key_resolver(std::function<Secret()> vault_passphrase) {
    CredentialStore* vault = has_file_vault() ? &file_vault(std::move(vault_passphrase)) : nullptr;
    return KeyResolver(&os_store(), vault, services_.environment);
}

std::optional<std::string> Profile::environment(const std::string& name) const {
    return services_.environment ? services_.environment(name) : std::nullopt;
}

std::string Profile::machine_fingerprint() const {
    if (!services_.machine_id) throw MachineIdError("this build has no way to read the machine id");
    return parley::machine_fingerprint(services_.machine_id());
}

}  // namespace parley
