#include "bench-probe.h"

#include <wx/app.h>
#include <wx/window.h>

#include <ctime>

namespace parley {

// Where the toolkit sends the window its paint events, the end of one stands
// for the frame drawn.
void on_window_painted(wxWindow& window, void (*painted)()) {
    window.Bind(wxEVT_PAINT, [&window, painted](wxPaintEvent& event) {
        event.Skip();
        window.CallAfter(painted);
    });
}

std::int64_t this_thread_cpu_ns() {
    return static_cast<std::int64_t>(std::clock()) * (1'000'000'000 / CLOCKS_PER_SEC);
}

// wx's queue is the nearest to an input event that every toolkit offers.
void post_like_input(void (*answered)(std::int64_t posted), std::int64_t posted) {
    wxTheApp->CallAfter([answered, posted] { answered(posted); });
}

}  // namespace parley
