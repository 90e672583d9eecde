#pragma once

#include <string>
#include <string_view>

namespace parley {

// Why `key` cannot be stored as an API key, or empty when it can. A key
// travels in an HTTP header, where a CR or LF would end the header and let the
// rest of the text add headers of its own; NUL and the other control
// characters (C0 and DEL) never occur in real keys either. The message never
// contains the key.
std::string key_text_problem(std::string_view key);

}  // namespace parley
