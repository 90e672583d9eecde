#pragma once

#include <wx/string.h>

#include <string_view>

namespace parley {

// Core's text is UTF-8; wx strings are not, whatever the locale says.
inline wxString utf8(std::string_view text) {
    return wxString::FromUTF8(text.data(), text.size());
}

}  // namespace parley
