#include "providers/coalescing-sink.h"

namespace parley {

void CoalescingSink::add(Kind kind, std::string_view piece) {
    if (piece.empty()) return;
    if (kind != kind_) {
        deliver();
        kind_ = kind;
    }
    pending_.append(piece);
}

void CoalescingSink::deliver() {
    if (pending_.empty()) return;
    // Emptied even when the sink throws, which is then never handed the same
    // text twice; the buffer keeps its capacity for the next read.
    struct Emptied {
        std::string& text;
        ~Emptied() { text.clear(); }
    } emptied{pending_};
    if (kind_ == Kind::text) {
        inner_.on_text(pending_);
    } else {
        inner_.on_reasoning(pending_);
    }
}

void CoalescingSink::flush() {
    deliver();
    inner_.flush();
}

}  // namespace parley
