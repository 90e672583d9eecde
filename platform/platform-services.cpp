#include "platform-services.h"

#include "machine-id.h"
#include "os-credential-store.h"
#include "process-info.h"
#include "standard-paths.h"

#include <cstdlib>

namespace parley {

PlatformServices native_platform_services() {
    PlatformServices services;
    services.default_paths = default_profile_paths;
    services.make_os_store = make_os_credential_store;
    services.current_pid = current_process_id;
    services.process_running = process_is_running;
    services.environment = [](const std::string& name) -> std::optional<std::string> {
        const char* value = std::getenv(name.c_str());
        if (!value) return std::nullopt;
        return std::string(value);
    };
    services.machine_id = read_machine_id;
    return services;
}

}  // namespace parley
