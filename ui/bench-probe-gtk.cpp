#include "bench-probe.h"

#include <gtk/gtk.h>
#include <wx/window.h>

#include <ctime>

namespace parley {

namespace {

void (*painted_callback)() = nullptr;

void connect_after_paint(GtkWidget* widget) {
    g_signal_connect(gtk_widget_get_frame_clock(widget), "after-paint",
                     G_CALLBACK(+[](GdkFrameClock*, gpointer) { painted_callback(); }), nullptr);
}

}  // namespace

// GTK draws a window in its frame clock's paint phase; "after-paint" follows
// the frame's drawing. The clock exists once the window is realized.
void on_window_painted(wxWindow& window, void (*painted)()) {
    painted_callback = painted;
    GtkWidget* widget = window.GetHandle();
    if (gtk_widget_get_realized(widget)) {
        connect_after_paint(widget);
        return;
    }
    g_signal_connect(widget, "realize",
                     G_CALLBACK(+[](GtkWidget* realized, gpointer) { connect_after_paint(realized); }), nullptr);
}

std::int64_t this_thread_cpu_ns() {
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return std::int64_t{t.tv_sec} * 1'000'000'000 + t.tv_nsec;
}

// GDK dispatches input events at G_PRIORITY_DEFAULT, before GTK's layout
// (a text view lays out its lines in idle slices) and wx's own queue.
void post_like_input(void (*answered)(std::int64_t posted), std::int64_t posted) {
    struct Posted {
        void (*answered)(std::int64_t);
        std::int64_t posted;
    };
    g_idle_add_full(
        G_PRIORITY_DEFAULT,
        [](gpointer data) -> gboolean {
            const auto* p = static_cast<Posted*>(data);
            p->answered(p->posted);
            return G_SOURCE_REMOVE;
        },
        new Posted{answered, posted}, [](gpointer data) { delete static_cast<Posted*>(data); });
}

}  // namespace parley
