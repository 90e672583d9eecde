// macOS: the hardware UUID of the platform expert device (what `ioreg -rd1
// -c IOPlatformExpertDevice` shows as IOPlatformUUID).
#include "machine-id.h"

#include "licensing/machine-fingerprint.h"

#include <CoreFoundation/CoreFoundation.h>
#include <IOKit/IOKitLib.h>

#include <string>

namespace parley {

Secret read_machine_id() {
    const io_service_t device =
        IOServiceGetMatchingService(kIOMainPortDefault, IOServiceMatching("IOPlatformExpertDevice"));
    if (!device) throw MachineIdError("this Mac has no IOPlatformExpertDevice, so no IOPlatformUUID for licensing");
    const CFTypeRef property =
        IORegistryEntryCreateCFProperty(device, CFSTR(kIOPlatformUUIDKey), kCFAllocatorDefault, 0);
    IOObjectRelease(device);
    if (!property || CFGetTypeID(property) != CFStringGetTypeID()) {
        if (property) CFRelease(property);
        throw MachineIdError("this Mac has no IOPlatformUUID, which licensing needs");
    }
    char buffer[128] = {};
    const bool ok =
        CFStringGetCString(static_cast<CFStringRef>(property), buffer, sizeof buffer, kCFStringEncodingUTF8);
    CFRelease(property);
    if (!ok || buffer[0] == '\0') throw MachineIdError("this Mac's IOPlatformUUID cannot be read");
    Secret id{std::string(buffer)};
    wipe_memory(buffer, sizeof buffer);
    return id;
}

}  // namespace parley
