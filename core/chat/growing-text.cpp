#include "chat/growing-text.h"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <new>
#include <utility>

namespace parley {

GrowingText::GrowingText(GrowingText&& other) noexcept
    : data_(std::move(other.data_)),
      size_(std::exchange(other.size_, 0)),
      capacity_(std::exchange(other.capacity_, 0)) {}

GrowingText& GrowingText::operator=(GrowingText&& other) noexcept {
    data_ = std::move(other.data_);
    size_ = std::exchange(other.size_, 0);
    capacity_ = std::exchange(other.capacity_, 0);
    return *this;
}

void GrowingText::append(std::string_view text) {
    if (text.empty()) return;
    if (text.size() > capacity_ - size_) {
        if (text.size() > SIZE_MAX / 2 - size_) throw std::bad_alloc();
        const std::size_t capacity = std::max({capacity_ * 2, size_ + text.size(), std::size_t{256}});
        char* grown = static_cast<char*>(std::realloc(data_.get(), capacity));
        if (grown == nullptr) throw std::bad_alloc();
        // realloc has moved or freed the old block: the pointer is handed over, not freed.
        static_cast<void>(data_.release());
        data_.reset(grown);
        capacity_ = capacity;
    }
    std::memcpy(data_.get() + size_, text.data(), text.size());
    size_ += text.size();
}

}  // namespace parley
