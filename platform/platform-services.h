#pragma once

#include "profile/profile.h"

namespace parley {

// This operating system's implementations of core's PlatformServices.
PlatformServices native_platform_services();

}  // namespace parley
