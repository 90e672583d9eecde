// Windows: the MachineGuid Windows setup writes, read from the 64-bit
// registry view so a 32-bit build sees the same id as a 64-bit one.
#include "machine-id.h"

#include "licensing/machine-fingerprint.h"

#include <windows.h>

#include <string>

namespace parley {

Secret read_machine_id() {
    wchar_t value[128] = {};
    DWORD size = sizeof value;
    const LSTATUS status = RegGetValueW(HKEY_LOCAL_MACHINE, L"SOFTWARE\\Microsoft\\Cryptography", L"MachineGuid",
                                        RRF_RT_REG_SZ | RRF_SUBKEY_WOW6464KEY, nullptr, value, &size);
    if (status != ERROR_SUCCESS || value[0] == L'\0') {
        throw MachineIdError("this machine has no MachineGuid under HKLM\\SOFTWARE\\Microsoft\\Cryptography (error " +
                             std::to_string(status) + "), which licensing needs");
    }
    std::string id;
    for (const wchar_t* c = value; *c; ++c) id.push_back(static_cast<char>(*c));  // a GUID is ASCII
    SecureZeroMemory(value, sizeof value);
    return Secret(std::move(id));
}

}  // namespace parley
