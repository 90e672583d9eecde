#pragma once

#include <string_view>

namespace parley {

// Receives a reply as it streams. Answer text and reasoning ("thinking")
// arrive separately so neither is mistaken for the other.
class ReplySink {
public:
    virtual ~ReplySink() = default;
    virtual void on_text(std::string_view text) = 0;
    virtual void on_reasoning(std::string_view text) = 0;
    // Everything received so far has been decoded: a sink that buffers its
    // output shows it now, once per read from the network rather than once
    // per delta.
    virtual void flush() {}
};

}  // namespace parley
