#pragma once

#include <atomic>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <thread>

class wxWindow;

namespace parley {

// Instrumentation for the desktop benchmarks (bench/gui-*-bench.sh): what
// they must time happens inside the app (the first paint, the UI thread's
// answer to an event), so the app reports it. Off unless PARLEY_BENCH_PROBE
// names a file; then it appends one line per moment, `NAME WALL_NS CPU_NS`
// (the system clock, so the bench can compare it with its own; the UI
// thread's CPU time):
//   paint   the main window finished drawing a frame
//   ready   after the first paint, the event loop answered a posted event
//   select  a conversation was chosen in the list (before it is shown)
//   and each mark() below; then, every 5 ms from `ready` on, two probe
//   events posted to the UI thread, each answered with how long it waited:
//   `beat POSTED_NS LATENCY_US` at the priority of input events (what a
//   user's key or click waits for), `queue POSTED_NS LATENCY_US` through
//   wxApp::CallAfter (wx's own queue, which the toolkit serves after its
//   layout and drawing; a streaming reply's repaints wait there).
// When off, mark() is one test of a null pointer.
class BenchProbe {
public:
    // Starts the probe on the shown main window if the variable is set.
    static std::unique_ptr<BenchProbe> start(wxWindow& frame);
    ~BenchProbe();
    BenchProbe(const BenchProbe&) = delete;
    BenchProbe& operator=(const BenchProbe&) = delete;

    // UI thread: records a named moment ("shown", "reply-start", "reply-done").
    static void mark(const char* name) {
        if (active_) active_->write(name);
    }

private:
    explicit BenchProbe(std::FILE* out);
    void write(const char* name);
    static void on_painted();
    static void on_beat(std::int64_t posted);
    void beat();

    static BenchProbe* active_;
    std::FILE* out_;
    bool ready_ = false;
    std::atomic<bool> stop_{false};
    std::thread heartbeat_;
};

// Calls `painted` on the UI thread each time `window` finished drawing a
// frame on screen (per toolkit: bench-probe-gtk.cpp, bench-probe-native.cpp).
void on_window_painted(wxWindow& window, void (*painted)());
// Any thread: has the UI thread call `answered(posted)` as soon as it would
// handle an input event.
void post_like_input(void (*answered)(std::int64_t posted), std::int64_t posted);
// The CPU time of the calling thread, in nanoseconds (elsewhere than on
// Linux: the process's).
std::int64_t this_thread_cpu_ns();

}  // namespace parley
