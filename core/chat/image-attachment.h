#pragma once

#include "providers/chat-request.h"

#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>

namespace parley {

// A file that cannot be sent as an image: unreadable, not an image every
// provider takes, or too large.
class AttachmentError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// The MIME type from the file's first bytes (PNG, JPEG, GIF, WebP: what all
// supported providers accept), never from its name.
std::optional<std::string> sniff_image_type(const std::string& bytes);

Attachment load_image_attachment(const std::filesystem::path& path);

}  // namespace parley
