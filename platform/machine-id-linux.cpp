// Linux: systemd's /etc/machine-id, else D-Bus's copy (older or minimal systems).
#include "machine-id.h"

#include "licensing/machine-fingerprint.h"

#include <fstream>
#include <iterator>
#include <string>

namespace parley {

namespace {

constexpr const char* kSources[] = {"/etc/machine-id", "/var/lib/dbus/machine-id"};

bool is_machine_id(const std::string& text) {
    if (text.size() != 32) return false;
    for (char c : text)
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    return true;
}

}  // namespace

Secret read_machine_id() {
    for (const char* path : kSources) {
        std::ifstream in(path);
        if (!in) continue;
        std::string text{std::istreambuf_iterator<char>(in), {}};
        while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
        if (is_machine_id(text)) return Secret(std::move(text));
        wipe_string(text);
    }
    throw MachineIdError(
        "this machine has no machine id (/etc/machine-id and /var/lib/dbus/machine-id are missing, "
        "empty or malformed), which licensing needs; create one with `systemd-machine-id-setup` "
        "or `dbus-uuidgen --ensure=/etc/machine-id`");
}

}  // namespace parley
