#include "chat/image-attachment.h"

#include <fstream>
#include <iterator>

namespace parley {

namespace {
// Providers cap inline images around 20 MB; fail before uploading.
constexpr std::size_t kMaxImageBytes = 20 * 1024 * 1024;
}  // namespace

std::optional<std::string> sniff_image_type(const std::string& bytes) {
    if (bytes.starts_with("\x89PNG\r\n\x1a\n")) return "image/png";
    if (bytes.starts_with("\xFF\xD8\xFF")) return "image/jpeg";
    if (bytes.starts_with("GIF87a") || bytes.starts_with("GIF89a")) return "image/gif";
    if (bytes.size() > 12 && bytes.starts_with("RIFF") && bytes.compare(8, 4, "WEBP") == 0) return "image/webp";
    return std::nullopt;
}

Attachment load_image_attachment(const std::filesystem::path& path) {
    std::error_code ec;
    const auto size = std::filesystem::file_size(path, ec);
    if (ec) throw AttachmentError("cannot read attachment " + path.string() + ": " + ec.message());
    if (size > kMaxImageBytes) throw AttachmentError("attachment " + path.string() + " is larger than 20 MB");
    std::ifstream in(path, std::ios::binary);
    if (!in) throw AttachmentError("cannot read attachment " + path.string());
    Attachment attachment;
    attachment.data.assign(std::istreambuf_iterator<char>(in), {});
    attachment.name = path.filename().string();
    const auto type = sniff_image_type(attachment.data);
    if (!type) throw AttachmentError("attachment " + path.string() + " is not a PNG, JPEG, WebP or GIF image");
    attachment.mime_type = *type;
    return attachment;
}

}  // namespace parley
