#pragma once

#include <cstddef>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>

namespace parley {

// Text that grows at its end, piece by piece, to megabytes: a streamed
// reply. Its bytes are one malloc'd block grown by realloc, which moves a
// large block's pages (mremap on Linux) instead of copying them: a
// std::string grown the same way copies, and touches anew, about twice its
// final size, which for a 5 MB reply costs as much as reading the stream.
class GrowingText {
public:
    GrowingText() = default;
    GrowingText(GrowingText&& other) noexcept;
    GrowingText& operator=(GrowingText&& other) noexcept;
    GrowingText(const GrowingText&) = delete;
    GrowingText& operator=(const GrowingText&) = delete;
    ~GrowingText() = default;

    // Throws std::bad_alloc, leaving the text as it was, when memory runs out.
    void append(std::string_view text);
    std::string_view view() const { return {data_.get(), size_}; }
    std::string str() const { return std::string(view()); }
    std::size_t size() const { return size_; }
    bool empty() const { return size_ == 0; }

private:
    struct Free {
        void operator()(char* data) const { std::free(data); }
    };
    std::unique_ptr<char, Free> data_;
    std::size_t size_ = 0;
    std::size_t capacity_ = 0;
};

}  // namespace parley
