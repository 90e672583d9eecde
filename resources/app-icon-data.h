#pragma once

#include <span>

namespace parley {

struct EmbeddedPng {
    int size;
    std::span<const unsigned char> bytes;
};

// The app icon rendered at each size, built into the binary.
std::span<const EmbeddedPng> app_icon_pngs();

}  // namespace parley
